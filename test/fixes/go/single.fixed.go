package main

import (
	"fmt"
	"os"
)

var redisAddr = os.Getenv("REDIS_ADDR")

func main() {
	fmt.Println(redisAddr)
}
