import logging

logging.getLogger().addHandler(logging.FileHandler("app.log"))

PRIMARY = "postgresql://app@db.internal:5432/app"
REPLICA = "postgresql://report@replica.internal:5432/app"
FALLBACK = "postgresql://app@db.internal:5432/app"
