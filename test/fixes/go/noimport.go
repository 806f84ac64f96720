// Package cache talks to Redis.
package cache

// RedisURL is where the cache lives.
var RedisURL = "redis://cache.internal:6379/0"
