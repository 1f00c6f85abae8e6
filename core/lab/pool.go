package lab

import (
	"fmt"
	"sync"

	"hebbplay/core/job"
)

// Pool runs a lab's background work natively, the way the page runs it in
// Web Workers: a fixed number of core/job workers, each answering the
// request the lab gave it unit by unit. It runs one batch at a time, shared
// or not (the page starts a shared batch's successor early, which changes
// when work is done, never its results). Same configuration and seed give the
// same results for any number of workers, natively and in the browser,
// because a unit's result depends only on its request.
type Pool struct {
	// Workers is the number of workers, at least 1.
	Workers int
	// Assets are the files the requests may name in their "assets" field,
	// by URL (what the page's workers fetch).
	Assets map[string][]byte

	ws  []*job.Worker
	gen int
}

// Run hands out and answers the lab's batches until it has none left (or
// after maxBatches batches, when maxBatches > 0): the requests of a batch
// run in parallel, one goroutine per worker (request k on worker k, the
// requests beyond the workers queued for the first one free), and their
// results are fed back
// request by request, unit by unit, from the caller's goroutine. A fresh
// set of workers starts whenever the lab's work generation changes, as in
// the page. It returns the number of units run, and stops at the first
// error (a request the workers cannot read, an asset it lacks, or one the
// lab's FeedWork reports).
func (p *Pool) Run(l Lab, maxBatches int) (int, error) {
	if p.Workers < 1 {
		return 0, fmt.Errorf("lab: a pool needs at least 1 worker, not %d", p.Workers)
	}
	units := 0
	for b := 0; maxBatches <= 0 || b < maxBatches; b++ {
		if len(p.ws) != p.Workers || p.gen != l.WorkGen() {
			p.fresh(l.WorkGen())
		}
		w, ok := l.NextWork(p.Workers)
		if !ok {
			return units, nil
		}
		results := make([][][]byte, len(w.Requests))
		errs := make([]error, len(w.Requests))
		// Request k < Workers runs on worker k; the others are queued and
		// each runs on the first worker to finish, as in the page.
		queue := make(chan int, len(w.Requests))
		for k := p.Workers; k < len(w.Requests); k++ {
			queue <- k
		}
		close(queue)
		var wg sync.WaitGroup
		for n := range p.Workers {
			wg.Add(1)
			go func(n int) {
				defer wg.Done()
				run := func(k int) {
					if w.Requests[k] != "" {
						results[k], errs[k] = p.answer(p.ws[n], w.Requests[k])
					}
				}
				if n < len(w.Requests) {
					run(n)
				}
				for k := range queue {
					run(k)
				}
			}(n)
		}
		wg.Wait()
		for k := range w.Requests {
			if errs[k] != nil {
				return units, fmt.Errorf("lab %s: batch %d, request %d: %w", l.ID(), w.ID, k, errs[k])
			}
			if k < len(w.Units) && len(results[k]) != w.Units[k] {
				return units, fmt.Errorf("lab %s: batch %d, request %d holds %d units, the batch announced %d", l.ID(), w.ID, k, len(results[k]), w.Units[k])
			}
			for i, res := range results[k] {
				if err := l.FeedWork(w.ID, k, i, string(res)); err != nil {
					return units, err
				}
				units++
			}
		}
	}
	return units, nil
}

// fresh replaces the workers by new ones for work generation gen.
func (p *Pool) fresh(gen int) {
	p.ws = make([]*job.Worker, p.Workers)
	for k := range p.ws {
		p.ws[k] = &job.Worker{}
		for url, data := range p.Assets {
			p.ws[k].SetAsset(url, data)
		}
	}
	p.gen = gen
}

// answer runs one request on worker w, unit by unit, as web/worker.js does.
// A unit that fails is answered with {"error": …}, which the lab's FeedWork
// reads like any other result.
func (p *Pool) answer(w *job.Worker, req string) ([][]byte, error) {
	urls, err := job.Assets([]byte(req))
	if err != nil {
		return nil, err
	}
	for _, u := range urls {
		if _, ok := p.Assets[u]; !ok {
			return nil, fmt.Errorf("the request needs the file %q, which the pool was not given", u)
		}
	}
	parts, err := job.Split([]byte(req))
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(parts))
	for i, one := range parts {
		out[i] = w.Handle(one)
	}
	return out, nil
}
