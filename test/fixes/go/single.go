package main

import "fmt"

var redisAddr = "10.0.0.12:6379"

func main() {
	fmt.Println(redisAddr)
}
