DATABASE = "postgres://app@db.internal:5432/app" if True \
    else "postgres://app@db.internal:5432/other"
