package main

import (
	"database/sql"
	"fmt"
	"log"
	"os"
)

func main() {
	dsn := os.Getenv("DATABASE_URL")
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(db.Stats().OpenConnections)
}
