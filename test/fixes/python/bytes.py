URL = b"postgres://app@db.internal:5432/app"
