require "redis"

REDIS = Redis.new(url: "redis://cache.internal:6379/0")
