// The Go peer of the JMH channel workloads (ChanPingPongBench, ChanSelectBench,
// ChanThroughputBench, WaitGroupBench), with the same counts per invocation and the same
// checksums. For each workload it runs 3 warm-up invocations, then 5 measured ones, each
// repeated for at least 1 s, and prints one line per workload:
//
//	<workload> <median ns per operation> <checksum of the last invocation>
//
// Set GOMAXPROCS to choose the processors.
package main

import (
	"fmt"
	"os"
	"sort"
	"sync"
	"time"
)

const (
	rounds    = 10_000  // ping-pong round trips per invocation
	selects   = 20_000  // selects per invocation
	capacity  = 1024    // buffered channel capacity
	elements  = 100_000 // elements per throughput invocation
	wgRounds  = 1_000   // fan-out rounds per invocation
	wgTasks   = 8       // goroutines per fan-out round
	warmups   = 3
	measures  = 5
	iteration = time.Second
)

func pingPong() int64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for i := 0; i < rounds; i++ {
			pong <- <-ping
		}
	}()
	var sum int64
	for i := 0; i < rounds; i++ {
		ping <- i
		sum += int64(<-pong)
	}
	return sum
}

func selectTwo() int64 {
	a, b := make(chan int), make(chan int)
	go func() {
		for i := 0; i < selects/2; i++ {
			a <- i
		}
	}()
	go func() {
		for i := 0; i < selects/2; i++ {
			b <- i
		}
	}()
	var sum int64
	for i := 0; i < selects; i++ {
		select {
		case v := <-a:
			sum += int64(v)
		case v := <-b:
			sum += int64(v)
		}
	}
	return sum
}

func manyToOne(producers int) int64 {
	per := elements / producers
	ch := make(chan int, capacity)
	for p := 0; p < producers; p++ {
		go func() {
			for i := 0; i < per; i++ {
				ch <- i
			}
		}()
	}
	var sum int64
	for i := 0; i < per*producers; i++ {
		sum += int64(<-ch)
	}
	return sum
}

func fanOutAndWait() int64 {
	var done int64
	for r := 0; r < wgRounds; r++ {
		var wg sync.WaitGroup
		wg.Add(wgTasks)
		for t := 0; t < wgTasks; t++ {
			go wg.Done()
		}
		wg.Wait()
		done++
	}
	return done
}

// measure returns the median ns per operation of f, which performs ops operations per call.
func measure(f func() int64, ops int) (float64, int64) {
	var check int64
	run := func() float64 {
		start := time.Now()
		calls := 0
		for time.Since(start) < iteration {
			check = f()
			calls++
		}
		return float64(time.Since(start).Nanoseconds()) / float64(calls*ops)
	}
	for i := 0; i < warmups; i++ {
		run()
	}
	results := make([]float64, measures)
	for i := range results {
		results[i] = run()
	}
	sort.Float64s(results)
	return results[measures/2], check
}

func main() {
	workloads := []struct {
		name string
		f    func() int64
		ops  int
	}{
		{"pingPong", pingPong, rounds},
		{"selectTwo", selectTwo, selects},
		{"oneToOne", func() int64 { return manyToOne(1) }, elements},
		{"eightToOne", func() int64 { return manyToOne(8) }, elements},
		{"fanOutAndWait", fanOutAndWait, wgRounds},
	}
	only := ""
	if len(os.Args) > 1 {
		only = os.Args[1]
	}
	for _, w := range workloads {
		if only != "" && only != w.name {
			continue
		}
		ns, check := measure(w.f, w.ops)
		fmt.Printf("%s %.1f %d\n", w.name, ns, check)
	}
}
