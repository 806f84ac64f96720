package app

object Cache {
    val redisUrl = System.getenv("REDIS_URL")
}
