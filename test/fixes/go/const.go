package cache

const (
	RedisURL = "redis://cache.internal:6379/0"
)
