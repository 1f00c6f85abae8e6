//go:build js && wasm

package bridge

import (
	"syscall/js"
	"time"

	"github.com/norunners/vert"

	"hebbplay/core/lab"
)

// chartState is the bridge's side of the charts and background work every
// lab has (core/lab/work.go): the last published charts, their subscribers,
// and the work generation.
type chartState struct {
	// snap is the last published charts, with Version replaced by pub.
	snap lab.Charts
	// ver and gen are the lab's own chart version and work generation at
	// the last publication (what tells a change).
	ver uint64
	gen int
	// pub numbers the publications: the version the page sees. A lab's
	// versions start again with every lab instance, so a new lab's charts
	// could carry the number of an old lab's the page already drew; the
	// publication number never repeats.
	pub     uint64
	subs    []js.Value
	started bool
	// last is when the frame's tick last published (TickCharts).
	last time.Time
}

// installCharts adds the chart and background-work methods to the API:
//
//	getCharts()                 the lab's charts, downloads and work status; their
//	                            version numbers the publications, never reused
//	subscribeCharts(fn)         fn(charts) after every change (changes made by the
//	                            workers' results: at most every chartsEvery)
//	nextWork(workers, gen)      Promise of the next batch {id, gen, requests, units, shared}, or null
//	feedWork(id, k, i, result, gen)  hand back unit i of request k (the worker's JSON)
//	                            of work of generation gen (ignored for another one)
//	exportFile(name)            Promise of the text of a download
//	getPalette()                the chart colours by name (lab.Palette)
//
// A lab without charts reports active: false; one without background work
// answers nextWork with null. nextWork hands out a batch only for the work
// generation the caller's workers run (the gen of the last charts it
// received): a lab counts a batch as out until its results come back, so a
// batch the pool would have to drop as belonging to a generation it has not
// seen yet would stall the lab for good.
func (b *Bridge) installCharts(obj js.Value) {
	b.fn(obj, "getCharts", func(args []js.Value) any {
		b.mu.Lock()
		defer b.mu.Unlock()
		return vert.ValueOf(b.charts.snap).Value
	})
	b.fn(obj, "subscribeCharts", func(args []js.Value) any {
		if f := arg(args, 0); f.Type() == js.TypeFunction {
			b.mu.Lock()
			b.charts.subs = append(b.charts.subs, f)
			b.mu.Unlock()
		}
		return js.Undefined()
	})
	b.fn(obj, "nextWork", func(args []js.Value) any {
		n := int(num(arg(args, 0)))
		gen, hasGen := int(num(arg(args, 1))), arg(args, 1).Type() == js.TypeNumber
		var w lab.Work
		var ok bool
		return b.enqueueCommand(command{apply: func(s *lab.Session) error {
			if n > 0 && hasGen && gen == b.workGen(s) {
				w, ok = s.Lab.NextWork(n)
				w.Gen = gen
			}
			return nil
		}, result: func() js.Value {
			if !ok {
				return js.Null()
			}
			return vert.ValueOf(w).Value
		}, quiet: true})
	})
	b.fn(obj, "feedWork", func(args []js.Value) any {
		id, k, i := int(num(arg(args, 0))), int(num(arg(args, 1))), int(num(arg(args, 2)))
		res := str(arg(args, 3))
		gen, hasGen := int(num(arg(args, 4))), arg(args, 4).Type() == js.TypeNumber
		return b.enqueueCommand(command{apply: func(s *lab.Session) error {
			if hasGen && gen != b.workGen(s) {
				return nil // a result of work the lab (or an earlier lab) abandoned
			}
			before := s.Lab.Summary().Text
			err := s.Lab.FeedWork(id, k, i, res)
			if s.Lab.Summary().Text != before {
				s.Touch() // the run finished or failed: publish the state and charts
			}
			return err
		}, result: js.Undefined, quiet: true})
	})
	b.fn(obj, "exportFile", func(args []js.Value) any {
		name := str(arg(args, 0))
		var text string
		return b.enqueueResult(func(s *lab.Session) error {
			var err error
			text, err = s.Lab.ExportFile(name)
			return err
		}, func() js.Value { return js.ValueOf(text) })
	})
	b.fn(obj, "getPalette", func(args []js.Value) any {
		m := map[string]any{}
		for k, c := range lab.Palette {
			m[k] = c
		}
		return js.ValueOf(m)
	})
	b.publishCharts()
}

// chartsEvery is the shortest time between two chart publications from the
// frame's tick: a lab training live changes its charts every frame, and the
// page redraws them at most four times a second anyway.
const chartsEvery = 200 * time.Millisecond

// TickCharts publishes the lab's charts when they changed by themselves (a
// lab training live, or measuring between frames), at most every
// chartsEvery. The frame calls it once per update tick; changes made by
// the page's commands are published at once by Drain.
func (b *Bridge) TickCharts() {
	if now := time.Now(); now.Sub(b.charts.last) >= chartsEvery {
		b.charts.last = now
		b.publishCharts()
	}
}

// PublishCharts publishes the lab's charts and work state if they changed:
// the frame calls it after playback advanced the lab, which may have asked
// for background work (a lab whose steps run in a worker).
func (b *Bridge) PublishCharts() { b.publishCharts() }

// workGen is the work generation the page sees (charts.gen, nextWork's
// gen): the lab's own, in the page's current epoch. A lab reopened from a
// permalink numbers its generations from the start again, so without the
// epoch an old lab's workers, not yet stopped, could have their results fed
// to the new lab (a result of the same batch number: a classroom link then
// showed the hidden number of test images of the lab it replaced).
func (b *Bridge) workGen(s *lab.Session) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.epoch<<32 | s.Lab.WorkGen()
}

// publishCharts takes a new charts snapshot when the lab's charts or its
// work generation changed, and calls the chart subscribers.
func (b *Bridge) publishCharts() {
	s := b.Session()
	c := s.Lab.Charts()
	gen := b.workGen(s)
	c.Gen = gen
	b.mu.Lock()
	if b.charts.started && c.Version == b.charts.ver && gen == b.charts.gen && c.Active == b.charts.snap.Active {
		b.mu.Unlock()
		return
	}
	b.charts.started, b.charts.ver, b.charts.gen = true, c.Version, gen
	b.charts.pub++
	c.Version = b.charts.pub
	b.charts.snap = c
	subs := append([]js.Value(nil), b.charts.subs...)
	b.mu.Unlock()
	if len(subs) > 0 {
		v := vert.ValueOf(c).Value
		for _, f := range subs {
			callSafely(f, v)
		}
	}
}
