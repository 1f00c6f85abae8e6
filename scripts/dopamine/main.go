// Command dopamine trains the Dopamine lab's networks natively and prints, for
// each optimizer, the steps and forward passes it needed to reach the target
// training loss, its final loss, its backward passes and its memory.
//
// Usage:
//
//	go run ./scripts/dopamine -task xor|mackey-glass -opt sgd,adam,wp,dopamine \
//		-hidden N -steps N -seed N -format table|csv|json [flags]
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
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"hebbplay/core/dopamine"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the parsed command line.
type options struct {
	cfg     dopamine.Config
	methods []dopamine.Method
	steps   int
	seed    uint64
	seeds   int
	format  string
	stop    bool
	trace   string // file for the per-step traces, or ""
	horizon int    // Mackey–Glass free-running forecast horizon
}

// row is one run's line of output.
type row struct {
	Task             string  `json:"task"`
	Seed             uint64  `json:"seed"`
	Optimizer        string  `json:"optimizer"`
	Params           int     `json:"params"`
	Target           float64 `json:"target_loss"`
	Reached          bool    `json:"reached"`
	StepsToTarget    *int    `json:"steps_to_target"`
	ForwardToTarget  *int    `json:"forward_to_target"`
	BackwardToTarget *int    `json:"backward_to_target"`
	Diverged         bool    `json:"diverged"`
	Steps            int     `json:"steps"`
	Forward          int     `json:"forward"`
	Backward         int     `json:"backward"`
	FinalLoss        number  `json:"final_loss"`
	MetricName       string  `json:"metric"`
	FinalMetric      number  `json:"final_metric"`
	ForecastNRMSE    *number `json:"forecast_nrmse,omitempty"`
	Horizon          int     `json:"forecast_horizon,omitempty"`
	StateBytes       int     `json:"state_bytes"`
	OptimizerBytes   int     `json:"optimizer_state_bytes"`
	WorkBytes        int     `json:"work_bytes"`
	ActivationBytes  int     `json:"activation_bytes"`
	// Stalled tells whether the run ended stuck above the target (see
	// dopamine.DetectStall).
	Stalled bool `json:"stalled"`
}

// number is a float64 that encodes as JSON null when it is not finite (a
// diverged run's loss), which encoding/json would refuse.
type number float64

// MarshalJSON encodes n, or null when n is NaN or infinite.
func (n number) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

// UnmarshalJSON decodes a number, or null as NaN.
func (n *number) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = number(math.NaN())
		return nil
	}
	return json.Unmarshal(b, (*float64)(n))
}

// run is the command with its arguments and outputs, returning the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "dopamine:", err)
		return 2
	}
	var traceOut *bufio.Writer
	if opts.trace != "" {
		f, err := os.Create(opts.trace)
		if err != nil {
			fmt.Fprintln(stderr, "dopamine:", err)
			return 1
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
				tr, err := dopamine.NewTrainer(opts.cfg, j.method)
				if err != nil {
					panic(err) // the config was validated by parse
				}
				tr.Init(j.seed)
				res := tr.Run(opts.cfg.Target, opts.steps, opts.stop)
				forecast := math.NaN()
				if opts.cfg.Task == dopamine.MackeyGlass && opts.horizon > 0 {
					forecast = tr.ForecastNRMSE(opts.horizon)
				}
				j.row = makeRow(opts, j.seed, len(tr.Params()), res, forecast)
				j.row.Stalled = tr.Stall().Stalled
				if traceOut != nil {
					j.trace = tr.Trace()
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
			return 1
		}
	}
	if err := write(stdout, opts, rows); err != nil {
		fmt.Fprintln(stderr, "dopamine:", err)
		return 1
	}
	return 0
}

// makeRow turns a run's result into a row.
// forecast is the free-running forecast's NRMSE (Mackey–Glass only).
func makeRow(opts options, seed uint64, params int, res dopamine.Result, forecast float64) row {
	r := row{
		Task: string(opts.cfg.Task), Seed: seed, Optimizer: string(res.Method), Params: params,
		Target: opts.cfg.Target, Reached: res.Reached, Diverged: res.Diverged,
		Steps: res.Steps, Forward: res.Forward, Backward: res.Backward,
		FinalLoss: number(res.FinalLoss), FinalMetric: number(res.FinalMetric), MetricName: "train_mse",
		StateBytes: res.Memory.Total(), OptimizerBytes: res.Memory.State,
		WorkBytes: res.Memory.Work, ActivationBytes: res.Memory.Activations,
	}
	if opts.cfg.Task == dopamine.MackeyGlass {
		r.MetricName = "test_nrmse"
	}
	if opts.cfg.Task == dopamine.MackeyGlass && opts.horizon > 0 {
		f := number(forecast)
		r.ForecastNRMSE, r.Horizon = &f, opts.horizon
	}
	if res.Reached {
		s, f, b := res.StepsToTarget, res.ForwardToTarget, res.BackwardToTarget
		r.StepsToTarget, r.ForwardToTarget, r.BackwardToTarget = &s, &f, &b
	}
	return r
}

// parse reads the flags over the task's defaults.
func parse(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("dopamine", flag.ContinueOnError)
	fs.SetOutput(stderr)
	x, m := dopamine.DefaultConfig(dopamine.XOR), dopamine.DefaultConfig(dopamine.MackeyGlass)
	def := func(a, b float64) string { return fmt.Sprintf(" (default xor %g, mackey-glass %g)", a, b) }

	taskName := fs.String("task", "xor", "task: xor or mackey-glass")
	optList := fs.String("opt", "sgd,adam,wp,dopamine", "comma-separated optimizers: sgd, adam, wp, dopamine")
	format := fs.String("format", "table", "output format: table, csv or json (one object per line)")
	steps := fs.Int("steps", 0, "step budget per optimizer"+def(float64(defaultSteps(dopamine.XOR)), float64(defaultSteps(dopamine.MackeyGlass))))
	seed := fs.Uint64("seed", 1, "seed of the initial weights and the perturbations")
	seeds := fs.Int("seeds", 1, "number of consecutive seeds to run, from -seed on")
	stop := fs.Bool("stop", false, "stop each run at the target instead of going on to -steps")
	trace := fs.String("trace", "", "write every run's per-step trace (loss, RPE, rate, passes) as CSV to this file")
	hidden := fs.Int("hidden", 0, "hidden units"+def(float64(x.Hidden), float64(m.Hidden)))
	target := fs.Float64("target", 0, "target training loss (mean squared error)"+def(x.Target, m.Target))
	lrSGD := fs.Float64("lr-sgd", 0, "SGD learning rate"+def(x.SGDRate, m.SGDRate))
	lrAdam := fs.Float64("lr-adam", 0, "Adam step size"+def(x.AdamRate, m.AdamRate))
	lrWP := fs.Float64("lr-wp", 0, "plain WP learning rate η"+def(x.WPRate, m.WPRate))
	eta0 := fs.Float64("eta0", 0, "Dopamine base learning rate η₀"+def(x.Eta0, m.Eta0))
	sigma := fs.Float64("sigma", 0, "perturbation standard deviation σ"+def(x.Sigma, m.Sigma))
	beta := fs.Float64("beta", 0, "Dopamine baseline decay β"+def(x.Beta, m.Beta))
	rmax := fs.Float64("rmax", 0, "Dopamine cap r_max on |δ|/(d̄+ε)"+def(x.RMax, m.RMax))
	eps := fs.Float64("eps", 0, "Dopamine ε"+def(x.Epsilon, m.Epsilon))
	k := fs.Int("k", 0, "perturbations averaged per step (WP, Dopamine)"+def(float64(x.Perturbations), float64(m.Perturbations)))
	baselineFirst := fs.Bool("baseline-first", false, "Dopamine: update the baseline d̄ with |δ| before computing η_t")
	train := fs.Int("train", 0, fmt.Sprintf("Mackey–Glass training samples (default %d)", m.Series.Train))
	test := fs.Int("test", 0, fmt.Sprintf("Mackey–Glass test samples (default %d)", m.Series.Test))
	horizon := fs.Int("horizon", 84, "Mackey–Glass free-running forecast horizon for forecast_nrmse, in samples of 3 time units (84: about five oscillations, or the test length if shorter; 0: none)")
	washout := fs.Int("washout", 0, fmt.Sprintf("Mackey–Glass training steps left out of the loss (default %d)", m.Series.Washout))

	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	t := dopamine.Task(*taskName)
	if t != dopamine.XOR && t != dopamine.MackeyGlass {
		return options{}, fmt.Errorf("unknown task %q (want xor or mackey-glass)", *taskName)
	}
	switch *format {
	case "table", "csv", "json":
	default:
		return options{}, fmt.Errorf("unknown format %q (want table, csv or json)", *format)
	}
	methods, err := dopamine.ParseMethods(*optList)
	if err != nil {
		return options{}, err
	}
	if *seeds < 1 {
		return options{}, fmt.Errorf("-seeds %d must be at least 1", *seeds)
	}

	cfg := dopamine.DefaultConfig(t)
	opts := options{methods: methods, steps: defaultSteps(t), seed: *seed, seeds: *seeds, format: *format, stop: *stop, trace: *trace, horizon: *horizon}
	setHorizon := false
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "horizon":
			setHorizon = true
		case "steps":
			opts.steps = *steps
		case "hidden":
			cfg.Hidden = *hidden
		case "target":
			cfg.Target = *target
		case "lr-sgd":
			cfg.SGDRate = *lrSGD
		case "lr-adam":
			cfg.AdamRate = *lrAdam
		case "lr-wp":
			cfg.WPRate = *lrWP
		case "eta0":
			cfg.Eta0 = *eta0
		case "sigma":
			cfg.Sigma = *sigma
		case "beta":
			cfg.Beta = *beta
		case "rmax":
			cfg.RMax = *rmax
		case "eps":
			cfg.Epsilon = *eps
		case "k":
			cfg.Perturbations = *k
		case "baseline-first":
			cfg.BaselineFirst = *baselineFirst
		case "train":
			cfg.Series.Train = *train
		case "test":
			cfg.Series.Test = *test
		case "washout":
			cfg.Series.Washout = *washout
		}
	})
	if !setHorizon {
		opts.horizon = min(opts.horizon, cfg.Series.Test)
	}
	if opts.horizon < 0 || (t == dopamine.MackeyGlass && opts.horizon > cfg.Series.Test) {
		return options{}, fmt.Errorf("-horizon %d must lie in [0, test samples %d]", opts.horizon, cfg.Series.Test)
	}
	if opts.steps < 0 {
		return options{}, fmt.Errorf("-steps %d must not be negative", opts.steps)
	}
	if err := cfg.Validate(); err != nil {
		return options{}, errors.New(strings.TrimPrefix(err.Error(), "dopamine: "))
	}
	opts.cfg = cfg
	return opts, nil
}

// defaultSteps returns the default step budget for a task.
func defaultSteps(t dopamine.Task) int {
	if t == dopamine.MackeyGlass {
		return 10000
	}
	return 5000
}

// write prints the rows in the chosen format.
func write(w io.Writer, opts options, rows []row) error {
	switch opts.format {
	case "json":
		enc := json.NewEncoder(w)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		fmt.Fprintln(w, "task,seed,optimizer,params,target_loss,reached,steps_to_target,forward_to_target,backward_to_target,diverged,steps,forward,backward,final_loss,metric,final_metric,forecast_nrmse,forecast_horizon,state_bytes,optimizer_state_bytes,work_bytes,activation_bytes,stalled")
		for _, r := range rows {
			fc, hz := "", ""
			if r.ForecastNRMSE != nil {
				fc, hz = fmt.Sprint(float64(*r.ForecastNRMSE)), strconv.Itoa(r.Horizon)
			}
			fmt.Fprintf(w, "%s,%d,%s,%d,%g,%t,%s,%s,%s,%t,%d,%d,%d,%g,%s,%g,%s,%s,%d,%d,%d,%d,%t\n",
				r.Task, r.Seed, r.Optimizer, r.Params, r.Target, r.Reached,
				opt(r.StepsToTarget, ""), opt(r.ForwardToTarget, ""), opt(r.BackwardToTarget, ""),
				r.Diverged, r.Steps, r.Forward, r.Backward, r.FinalLoss, r.MetricName, r.FinalMetric, fc, hz,
				r.StateBytes, r.OptimizerBytes, r.WorkBytes, r.ActivationBytes, r.Stalled)
		}
		return nil
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
