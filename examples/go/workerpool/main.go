// The worker pool of the README, in Go: the program Weft's WorkerPool.java and WorkerPool.kt
// mirror line for line. Run it with `cd examples/go && go run ./workerpool`.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type result struct{ worker, job, square int }

func worker(ctx context.Context, id int, jobs <-chan int, results chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			return // the pool's context ended: stop
		case j, ok := <-jobs:
			if !ok {
				return // no more jobs
			}
			time.Sleep(time.Millisecond) // the work
			select {
			case results <- result{id, j, j * j}:
			case <-ctx.Done():
				return
			}
		}
	}
}

func main() {
	const workers, jobCount = 4, 100
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	jobs := make(chan int, 16)
	results := make(chan result, 16)
	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go worker(ctx, w, jobs, results, &wg)
	}
	go func() { // the producer
		defer close(jobs)
		for j := 1; j <= jobCount; j++ {
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }() // results close once every worker has stopped

	processed, sum, perWorker := 0, 0, make([]int, workers)
	for r := range results {
		processed++
		sum += r.square
		perWorker[r.worker-1]++
	}
	fmt.Printf("worker pool: %d workers processed %d of %d jobs, sum of squares %d, per worker %v, context: %v\n",
		workers, processed, jobCount, sum, perWorker, ctx.Err())
}
