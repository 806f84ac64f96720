// Package cache talks to Redis.
package cache

import "os"

// RedisURL is where the cache lives.
var RedisURL = os.Getenv("REDIS_URL")
