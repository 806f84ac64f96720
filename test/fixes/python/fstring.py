port = 5432
url = f"postgres://app@db.internal:{port}/app"
