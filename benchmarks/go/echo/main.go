// The Go peer of the echo benchmark: a goroutine per connection copying what it reads back.
// Usage: echo <port>; prints "READY <port>" once listening. A line "HEAP" on its standard input
// makes it collect garbage and print "HEAP <bytes of heap and goroutine stacks in use>".
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
)

func answerHeapQueries() {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if in.Text() == "HEAP" {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			fmt.Printf("HEAP %d\n", ms.HeapInuse+ms.StackInuse)
		}
	}
}

func main() {
	go answerHeapQueries()
	ln, err := net.Listen("tcp", "127.0.0.1:"+os.Args[1])
	if err != nil {
		panic(err)
	}
	fmt.Printf("READY %d\n", ln.Addr().(*net.TCPAddr).Port)
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func(c net.Conn) {
			defer c.Close()
			buf := make([]byte, 64)
			for {
				n, err := c.Read(buf)
				if n > 0 {
					if _, werr := c.Write(buf[:n]); werr != nil {
						return
					}
				}
				if err == io.EOF || err != nil {
					return
				}
			}
		}(c)
	}
}
