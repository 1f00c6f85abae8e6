// Command dopamine trains the Dopamine lab's networks natively and prints, for
// each optimizer, the steps and forward passes it needed to reach the target
// training loss, its final loss, its backward passes and its memory.
//
// Usage:
//
//	go run ./scripts/dopamine [-link '<permalink>'] [-task xor|mackey-glass] \
//		[-<parameter> value …] [-seeds S] [-format table|csv|json]
//
// The flags are the Dopamine lab's parameter table: the same names as the
// page's permalink (hidden_xor, lr_wp_mg, show_sgd, …), its help and its
// limits; a value outside them is refused. -link runs the configuration of a
// page's permalink, and flags after it change it. The old names (-hidden,
// -lr-sgd, -steps, … for the chosen task, -opt, -k) still work.
//
// Every optimizer starts from the same weights (drawn from the seed) on the
// same data. With -seeds S > 1 the runs repeat for seeds seed … seed+S−1, and
// the table ends with a summary per optimizer. Flags left out take the task's
// defaults (dopamine.DefaultConfig); run with -h to list them. JSON output is
// one object per line. Dopamine is this project's reading of an abstract (see
// package hebbplay/core/dopamine); the paper's exact equations are not public.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"hebbplay/core/dopamine"
	"hebbplay/core/lab/dopaminelab"
	"hebbplay/core/params"
	"hebbplay/core/report"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the parsed command line.
type options struct {
	cfg       dopamine.Config
	methods   []dopamine.Method
	steps     int
	seed      uint64
	seeds     int
	format    string
	stop      bool
	trace     string // file for the per-step traces, or ""
	horizon   int    // Mackey–Glass free-running forecast horizon
	values    params.Values
	printLink bool
}

// row is one run's line of output: the Dopamine lab's, so that the page's
// results download equals this command's output.
type row = dopaminelab.Row

// run is the command with its arguments and outputs, returning the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parse(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "dopamine:", err)
		}
		return report.Exit(report.Usage(err))
	}
	if opts.printLink {
		fmt.Fprintln(stdout, "#"+dopaminelab.Table().Encode(opts.values, nil, params.KV{Key: "lab", Value: dopaminelab.ID}))
		return report.ExitOK
	}
	var traceOut *bufio.Writer
	if opts.trace != "" {
		f, err := os.Create(opts.trace)
		if err != nil {
			fmt.Fprintln(stderr, "dopamine:", err)
			return report.ExitFailure
		}
		defer f.Close()
		traceOut = bufio.NewWriter(f)
		fmt.Fprintln(traceOut, "task,seed,optimizer,step,loss,rpe,rate,forward,backward")
	}
	// The runs are independent: spread them over the cores. Each has its own
	// trainer and seed, so the results do not depend on the scheduling.
	type job struct {
		seed   uint64
		method dopamine.Method
		row    row
		trace  []dopamine.TracePoint
	}
	var jobs []*job
	for s := 0; s < opts.seeds; s++ {
		for _, m := range opts.methods {
			jobs = append(jobs, &job{seed: opts.seed + uint64(s), method: m})
		}
	}
	next := make(chan *job)
	var wg sync.WaitGroup
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				// The trace is bounded as in the page, whose stall
				// column reads the same points.
				tr := newTrainer(opts, j.method, j.seed, dopaminelab.TraceLimit)
				res := tr.Run(opts.cfg.Target, opts.steps, opts.stop)
				j.row = dopaminelab.RunRow(tr, res, opts.horizon)
				if traceOut != nil {
					// The trace file has every step: the same run again
					// with no bound on its trace.
					full := newTrainer(opts, j.method, j.seed, 0)
					full.Run(opts.cfg.Target, opts.steps, opts.stop)
					j.trace = full.Trace()
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	rows := make([]row, len(jobs))
	for i, j := range jobs {
		rows[i] = j.row
		if traceOut != nil {
			for _, p := range j.trace {
				fmt.Fprintf(traceOut, "%s,%d,%s,%d,%g,%g,%g,%d,%d\n", opts.cfg.Task, j.seed, j.method, p.Step, p.Loss, p.RPE, p.Rate, p.Forward, p.Backward)
			}
		}
	}
	if opts.cfg.Task == dopamine.MackeyGlass && opts.format == "table" {
		if tr, err := dopamine.NewTrainer(opts.cfg, opts.methods[0]); err == nil {
			fmt.Fprintf(stdout, "# persistence forecast (x̂[t+1] = x[t]) test NRMSE: %.4f\n", tr.SeriesTask().PersistenceNRMSE())
		}
	}
	if traceOut != nil {
		if err := traceOut.Flush(); err != nil {
			fmt.Fprintln(stderr, "dopamine:", err)
			return report.ExitFailure
		}
	}
	if err := write(stdout, opts, rows); err != nil {
		fmt.Fprintln(stderr, "dopamine:", err)
		return report.ExitFailure
	}
	return report.ExitOK
}

// newTrainer returns a trainer of method on the configuration, initialised
// with seed, keeping about limit points of its trace (0: every point).
func newTrainer(opts options, method dopamine.Method, seed uint64, limit int) *dopamine.Trainer {
	tr, err := dopamine.NewTrainer(opts.cfg, method)
	if err != nil {
		panic(err) // the config was validated by parse
	}
	tr.SetTraceLimit(limit)
	tr.Init(seed)
	return tr
}

// perTask are the old flag names of the table's per-task parameters
// (name_xor, name_mg): each sets the chosen task's parameter.
var perTask = map[string]string{"hidden": "hidden", "target": "target", "lr-sgd": "lr_sgd", "lr-adam": "lr_adam",
	"lr-wp": "lr_wp", "eta0": "eta0", "steps": "steps"}

// parse reads the flags: the Dopamine lab's table (the permalink's names
// and limits, or -link) and the command's own.
func parse(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("dopamine", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tb := dopaminelab.Table()
	base := tb.Defaults()
	base.SetText("horizon", "84")
	tf := tb.Flags(fs, &base, dopaminelab.ID, dopaminelab.NativeFlags())
	m := dopamine.DefaultConfig(dopamine.MackeyGlass)

	// The names this command had before its flags came from the table.
	// The per-task ones apply to the task finally chosen, after parsing.
	type later struct{ param, value string }
	var deferred []later
	for old, param := range perTask {
		fs.Func(old, fmt.Sprintf("the chosen task's -%s_xor or -%s_mg", param, param), func(s string) error {
			deferred = append(deferred, later{param, s})
			return nil
		})
	}
	for old, param := range map[string]string{"k": "K", "baseline-first": "baseline_first"} {
		if old == "baseline-first" {
			fs.BoolFunc(old, "the same as -"+param, func(s string) error { return tf.Set(param, s) })
			continue
		}
		fs.Func(old, "the same as -"+param, func(s string) error { return tf.Set(param, s) })
	}
	optList := ""
	fs.Func("opt", "comma-separated optimizers: sgd, adam, wp, dopamine (sets the -show_… flags)", func(s string) error {
		optList = s
		if _, err := dopamine.ParseMethods(s); err != nil {
			return err
		}
		return nil
	})
	format := fs.String("format", "table", "output format: table, csv or json (one object per line)")
	seeds := fs.Int("seeds", 1, "number of consecutive seeds to run, from -seed on")
	stop := fs.Bool("stop", false, "stop each run at the target instead of going on to the step budget")
	trace := fs.String("trace", "", "write every run's per-step trace (loss, RPE, rate, passes) as CSV to this file")
	eps := fs.Float64("eps", m.Epsilon, "Dopamine ε in η_t = η₀·min(|δ|/(d̄+ε), r_max)")
	train := fs.Int("train", m.Series.Train, "Mackey–Glass training samples")
	test := fs.Int("test", m.Series.Test, "Mackey–Glass test samples")
	washout := fs.Int("washout", m.Series.Washout, "Mackey–Glass training steps left out of the loss")
	printLink := fs.Bool("print-link", false, "print the permalink of the configuration the flags give (the page opens it) and exit without running")
	noForecast := fs.Bool("no-forecast", false, "Mackey–Glass: no free-running forecast (forecast_nrmse), whatever -horizon")

	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	task := tf.Current("task")
	suf := "_xor"
	if task == string(dopamine.MackeyGlass) {
		suf = "_mg"
	}
	for _, d := range deferred {
		if err := tf.Set(d.param+suf, d.value); err != nil {
			return options{}, err
		}
	}
	if optList != "" {
		ms, _ := dopamine.ParseMethods(optList)
		for _, m := range dopamine.Methods {
			if err := tf.Set("show_"+string(m), strconv.FormatBool(slices.Contains(ms, m))); err != nil {
				return options{}, err
			}
		}
	}
	v, err := tf.Values()
	if err != nil {
		return options{}, err
	}
	switch *format {
	case "table", "csv", "json":
	default:
		return options{}, fmt.Errorf("unknown format %q (want table, csv or json)", *format)
	}
	if *seeds < 1 {
		return options{}, fmt.Errorf("-seeds %d must be at least 1", *seeds)
	}
	cfg, methods, seed, steps, err := dopaminelab.Setup(v)
	if err != nil {
		return options{}, errors.New(strings.TrimPrefix(err.Error(), "dopamine: "))
	}
	cfg.Epsilon = *eps
	cfg.Series.Train, cfg.Series.Test, cfg.Series.Washout = *train, *test, *washout
	opts := options{methods: methods, steps: steps, seed: seed, seeds: *seeds, format: *format, stop: *stop, trace: *trace,
		horizon: v.Int("horizon"), values: v, printLink: *printLink}
	setHorizon := tf.Linked()
	fs.Visit(func(f *flag.Flag) { setHorizon = setHorizon || f.Name == "horizon" })
	if !setHorizon {
		opts.horizon = min(opts.horizon, cfg.Series.Test)
	}
	if *noForecast || cfg.Task != dopamine.MackeyGlass {
		opts.horizon = 0
	}
	if cfg.Task == dopamine.MackeyGlass && opts.horizon > cfg.Series.Test {
		return options{}, fmt.Errorf("-horizon %d must not exceed the %d test samples (-test)", opts.horizon, cfg.Series.Test)
	}
	if err := cfg.Validate(); err != nil {
		return options{}, errors.New(strings.TrimPrefix(err.Error(), "dopamine: "))
	}
	opts.cfg = cfg
	return opts, nil
}

// write prints the rows in the chosen format.
func write(w io.Writer, opts options, rows []row) error {
	if opts.format == "json" || opts.format == "csv" {
		return dopaminelab.WriteRows(w, opts.format, rows)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	c := opts.cfg
	fmt.Fprintf(w, "# task %s, hidden %d, %d params, target loss %g, budget %d steps; σ %g, K %d, η_wp %g, η₀ %g, β %g, r_max %g\n",
		c.Task, c.Hidden, rows[0].Params, c.Target, opts.steps, c.Sigma, c.Perturbations, c.WPRate, c.Eta0, c.Beta, c.RMax)
	forecast := rows[0].ForecastNRMSE != nil
	fcHead := ""
	if forecast {
		fcHead = fmt.Sprintf("free-running nrmse (%d steps)\t", rows[0].Horizon)
	}
	metricHead := rows[0].MetricName
	if metricHead == "test_nrmse" {
		metricHead = "one-step test nrmse"
	}
	fmt.Fprintf(tw, "seed\toptimizer\tsteps to target\tforward to target\tbackward to target\tfinal loss\t%s\t%sforward\tbackward\tstate bytes\t\n",
		metricHead, fcHead)
	for _, r := range rows {
		steps := opt(r.StepsToTarget, "not reached")
		switch {
		case r.Diverged && !r.Reached:
			steps = "diverged"
		case r.Stalled && !r.Reached:
			steps = "stalled"
		}
		fc := ""
		if forecast {
			fc = fmt.Sprintf("%.4g\t", float64(*r.ForecastNRMSE))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%.3g\t%.4g\t%s%d\t%d\t%d\t\n",
			r.Seed, r.Optimizer, steps, opt(r.ForwardToTarget, "-"), opt(r.BackwardToTarget, "-"),
			r.FinalLoss, r.FinalMetric, fc, r.Forward, r.Backward, r.StateBytes)
	}
	if opts.seeds > 1 {
		fmt.Fprintln(tw, strings.Repeat("\t", 11))
		fcHead = ""
		if forecast {
			fcHead = "median forecast\t"
		}
		fmt.Fprintf(tw, "summary\toptimizer\treached\tmedian steps\tmedian forward\tmedian final loss\tmedian %s\t%sat target at end\t\t\t\n",
			rows[0].MetricName, fcHead)
		for _, m := range opts.methods {
			var steps, fwd, loss, metric, fcs []float64
			reached, atEnd := 0, 0
			for _, r := range rows {
				if r.Optimizer != string(m) {
					continue
				}
				loss = append(loss, float64(r.FinalLoss))
				metric = append(metric, float64(r.FinalMetric))
				if forecast {
					fcs = append(fcs, float64(*r.ForecastNRMSE))
				}
				if r.Reached {
					reached++
					steps = append(steps, float64(*r.StepsToTarget))
					fwd = append(fwd, float64(*r.ForwardToTarget))
				}
				if float64(r.FinalLoss) <= r.Target {
					atEnd++
				}
			}
			fc := ""
			if forecast {
				fc = fmt.Sprintf("%.4g\t", median(fcs))
			}
			fmt.Fprintf(tw, "\t%s\t%d/%d\t%s\t%s\t%.3g\t%.4g\t%s%d/%d\t\t\t\n", m, reached, opts.seeds,
				medianOf(steps, opts.seeds), medianOf(fwd, opts.seeds), median(loss), median(metric), fc, atEnd, opts.seeds)
		}
	}
	return tw.Flush()
}

// opt formats an optional count.
func opt(p *int, missing string) string {
	if p == nil {
		return missing
	}
	return strconv.Itoa(*p)
}

// medianOf returns the median of the reached runs' values as text, or "-"
// unless more than half of all n runs reached the target (runs that did not
// count as above every reached value).
func medianOf(v []float64, n int) string {
	if 2*len(v) <= n {
		return "-"
	}
	sort.Float64s(v)
	// With the missing runs placed at +∞, the median of n values is the
	// (n−1)/2-th smallest (lower median for even n).
	return strconv.FormatFloat(v[(n-1)/2], 'f', -1, 64)
}

// median returns the median of v (the mean of the middle two for even
// lengths), NaN for none.
func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
