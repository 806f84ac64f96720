package app

object Cache {
    val redisUrl = "redis://cache.internal:6379/0"
}
