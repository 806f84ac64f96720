package main

import (
	"database/sql"
	"fmt"
	"log"
)

func main() {
	dsn := "postgres://app@db.internal:5432/app?sslmode=disable"
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(db.Stats().OpenConnections)
}
