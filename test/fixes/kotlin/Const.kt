package app

object Cache {
    const val REDIS_URL = "redis://cache.internal:6379/0"
}
