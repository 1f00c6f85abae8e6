// Command hebb runs the associative-memory benchmark natively.
//
// Usage:
//
//	go run ./scripts/hebb <experiment> [flags]
//
// Experiments:
//
//	recall   fcorr at the given numbers of stored patterns (-P 50,100,…)
//	storage  storage capacity P90 and bits per synapse
//	proto    prototype extraction score versus the number of prototypes
//	         (-P list), and the prototype capacity
//	corr     P90 (and prototype capacity with -ninst > 0) versus a
//	         correlation knob: -corr hierarchical -knobs dparent values,
//	         or -corr zipf -knobs exponents
//	merge    combine the shard files of a run split with -shard i/n
//	         (hebb merge [-format f] FILE…) into exactly the single run's
//	         output
//
// With -shard i/n an experiment measures only its share of the work (every
// n-th piece, a piece being one rule's curve or capacity search at one knob)
// and writes it to stdout as a shard file, for an array job: run shards
// 0..n−1 anywhere, in any order, then merge their files.
//
// Results go to stdout as a table, CSV or JSON lines (-format); progress goes
// to stderr. Storage capacities report, besides P90 (where fcorr averaged
// over the repetitions falls to 90%), each repetition's own P90 and the 95%
// Student-t interval of their mean; a line on stderr warns when that
// interval is wider than ±5% of the mean. Bits per synapse come counted over
// all possible synapses (the literature's count) and over independent
// synapses (halved for symmetric rules), plus the authors' normalisation. Bad flags or impossible sizes print the limit and exit with
// status 2.
package main

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"hebbplay/core/experiment"
	"hebbplay/core/lab/memorylab"
	"hebbplay/core/memory"
	"hebbplay/core/params"
	"hebbplay/core/report"
	"hebbplay/core/theory"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hebb:", err)
	}
	os.Exit(report.Exit(err)) // 0 ok, 1 runtime failure, 2 usage error
}

// usageError marks errors in the command line (exit status 2).
type usageError = report.UsageError

const experiments = "recall, storage, proto or corr"

// commandDefaults are the memory lab's defaults with the benchmark's sizes
// (20×20 or 400 units with 20 active, one hypercolumn moved, 10
// repetitions, 20 instances distorted by 4): what a flag left out means.
func commandDefaults() params.Values {
	v := memorylab.Table().Defaults()
	for _, kv := range [][2]string{{"H", "20"}, {"M", "20"}, {"N", "400"}, {"K", "20"}, {"nflip", "1"},
		{"exp_reps", strconv.Itoa(experiment.DefaultReps)}, {"ninst", "20"}, {"nflip_train", "4"}, {"screen", "experiments"}} {
		if _, err := v.SetText(kv[0], kv[1]); err != nil {
			panic(err)
		}
	}
	return v
}

// options are a parsed command line.
type options struct {
	name      string // the experiment
	cfg       experiment.Config
	ps        []int
	knobs     []float64
	values    params.Values // the memory lab's configuration the flags or -link give
	format    string
	quiet     bool
	capacity  bool
	targetCI  float64
	helpShown bool
	printLink bool
	shard     [2]int // i, n of -shard; n = 0: the whole run
}

// parse reads the command line; its errors are usage errors.
func parse(args []string, stderr io.Writer) (*options, error) {
	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("hebb "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	tb := memorylab.Table()
	base := commandDefaults()
	var only []string
	for _, n := range memorylab.NativeFlags() {
		if n != "ninst" {
			only = append(only, n)
		}
	}
	tf := tb.Flags(fs, &base, memorylab.ID, only)
	// A page's permalink may carry a hand-edited cue: no experiment uses it.
	tf.IgnoreLinkKeys(memorylab.New().LinkKeys()...)
	// -ninst is the table's, except that 0 (corr) skips the prototypes.
	noProto := false
	ninstP, _ := tb.Lookup("ninst")
	fs.Func("ninst", fmt.Sprintf("%s [%s, or 0 with corr: no prototype capacities; default %d]", ninstP.Help, params.Limits(ninstP), base.Int("ninst")), func(s string) error {
		noProto = strings.TrimSpace(s) == "0"
		if noProto {
			return nil
		}
		return tf.Set("ninst", s)
	})
	// The names this command had before its flags came from the table.
	alias := func(old, param string) {
		fs.Func(old, "the same as -"+param, func(s string) error { return tf.Set(param, s) })
	}
	alias("net", "kind")
	alias("reps", "exp_reps")
	alias("nflip-train", "nflip_train")
	alias("corr", "exp_corr")
	alias("parents", "exp_parents")
	fs.Func("rules", "the same as -exp_rules; all: the benchmark's seven", func(s string) error {
		if s == "all" {
			p, _ := tb.Lookup("exp_rules")
			s = p.Default
		}
		return tf.Set("exp_rules", s)
	})
	fs.BoolFunc("async", "the same as -update async", func(s string) error {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		if b {
			return tf.Set("update", "async")
		}
		return tf.Set("update", "sync")
	})
	var (
		Ps       = fs.String("P", "", "stored patterns (recall) or prototypes (proto): comma list; proto's default is 1, 2, 5, 10, … up to -exp_pmax")
		ntest    = fs.String("nflip-test", "", "distortion of test instances (proto, corr); default -nflip")
		knobFlag = fs.String("knobs", "", "knob values (corr): dparent for hierarchical, exponent s for zipf; default a range")
		workers  = fs.Int("workers", runtime.NumCPU(), "parallel goroutines (never changes results)")
		format   = fs.String("format", "table", "output: table, csv, json (one object per line) or markdown")
		quiet    = fs.Bool("quiet", false, "no progress on stderr")
		printL   = fs.Bool("print-link", false, "print the permalink of the configuration the flags give (the page opens it) and exit without running")
		capacity = fs.Bool("capacity", true, "proto: also search the prototype capacity")
		shardF   = fs.String("shard", "", "i/n: measure only shard i (0 ≤ i < n) of the run's pieces and write them to stdout as a shard file for hebb merge")
		targetCI = fs.Float64("target-ci", 0, "storage, corr with -ninst 0: after a pilot of -reps repetitions, rerun each rule with the repetitions its measured spread needs for a 95% interval of the mean per-repetition P90 within ± this fraction (e.g. 0.03) or ±0.5 patterns, whichever is wider; 0: off")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &options{helpShown: true}, nil
		}
		return nil, report.Usage(err)
	}
	if fs.NArg() > 0 {
		return nil, report.Usage(fmt.Errorf("unexpected arguments %q", fs.Args()))
	}
	v, err := tf.Values()
	if err != nil {
		return nil, report.Usage(err)
	}
	switch {
	case name == "" && tf.Linked():
		name = v.Choice("exp")
	case name == "":
		return nil, report.Usage(fmt.Errorf("name an experiment first: hebb <%s> [flags] (-h for flags)", experiments))
	case name == experiment.ExpRecall:
		v.SetChoice("exp", experiment.ExpStorage)
	default:
		if _, err := v.SetChoice("exp", name); err != nil {
			return nil, report.Usage(fmt.Errorf("unknown experiment %q: want %s", name, experiments))
		}
	}
	if noProto && name != experiment.ExpCorr {
		return nil, report.Usage(fmt.Errorf("ninst = 0 only with corr (prototype extraction needs 1 ≤ ninst ≤ %d)", experiment.MaxNinst))
	}
	cfg, ps, knobs, err := memorylab.ExperimentConfig(v)
	if err != nil {
		return nil, report.Usage(err)
	}
	cfg.Workers = *workers
	if noProto {
		cfg.Ninst, cfg.NflipTrain, cfg.NflipTest = 0, 0, 0
	}
	if *ntest != "" && cfg.Ninst > 0 {
		if cfg.NflipTest, err = strconv.ParseFloat(*ntest, 64); err != nil {
			return nil, report.Usage(fmt.Errorf("nflip-test: %q is not a number", *ntest))
		}
	}
	if *workers < 1 {
		return nil, report.Usage(fmt.Errorf("workers = %d; need ≥ 1", *workers))
	}
	switch *format {
	case "table", "csv", "json", "markdown":
	default:
		return nil, report.Usage(fmt.Errorf("format %q: want table, csv, json or markdown", *format))
	}
	if *targetCI < 0 || *targetCI >= 1 || (*targetCI > 0 && name != experiment.ExpStorage && (name != experiment.ExpCorr || cfg.Ninst > 0)) {
		return nil, report.Usage(fmt.Errorf("target-ci = %g: need 0 ≤ target-ci < 1, and a storage run or a corr run with -ninst 0", *targetCI))
	}
	if err := cfg.Validate(); err != nil {
		return nil, report.Usage(err)
	}
	shard := [2]int{0, 0}
	if *shardF != "" {
		if shard, err = parseShard(*shardF); err != nil {
			return nil, report.Usage(err)
		}
		if *targetCI > 0 {
			return nil, report.Usage(fmt.Errorf("target-ci reruns rules after the pilot; it cannot run with -shard (run the pilot sharded, then the reruns)"))
		}
	}

	switch name {
	case experiment.ExpRecall:
		if ps, err = parseInts(orDefault(*Ps, "10,20,50,100,200"), "P"); err != nil {
			return nil, report.Usage(err)
		}
	case experiment.ExpProto:
		if *Ps != "" {
			if ps, err = parseInts(*Ps, "P"); err != nil {
				return nil, report.Usage(err)
			}
		}
	case experiment.ExpCorr:
		if *knobFlag != "" {
			if knobs, err = parseFloats(*knobFlag); err != nil {
				return nil, report.Usage(err)
			}
		}
	}
	return &options{name: name, cfg: cfg, ps: ps, knobs: knobs, values: v, printLink: *printL, format: *format, quiet: *quiet, capacity: *capacity, targetCI: *targetCI, shard: shard}, nil
}

// parseShard reads "i/n" with 0 ≤ i < n ≤ maxShards.
func parseShard(s string) ([2]int, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || n > maxShards || i < 0 || i >= n {
		return [2]int{}, fmt.Errorf("shard %q: want i/n with 0 ≤ i < n ≤ %d", s, maxShards)
	}
	return [2]int{i, n}, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "merge" {
		return merge(args[1:], stdout, stderr)
	}
	o, err := parse(args, stderr)
	if err != nil || o.helpShown {
		return err
	}
	if o.printLink {
		_, err := fmt.Fprintln(stdout, "#"+memorylab.Table().Encode(o.values, nil, params.KV{Key: "lab", Value: memorylab.ID}))
		return err
	}
	name, cfg := o.name, o.cfg
	prog := newProgress(stderr, o.quiet)
	defer prog.done()
	run, err := experiment.NewRun(name, cfg, o.ps, o.knobs, o.capacity)
	if err != nil {
		return report.Usage(err)
	}
	if o.shard[1] > 0 {
		sh, err := run.ExecuteShard(ctx, o.shard[0], o.shard[1], prog.report)
		if err != nil {
			return err
		}
		prog.done()
		return writeShard(stdout, shardFile{Name: name, Cfg: withoutWorkers(run.Config()), Ps: o.ps, Knobs: o.knobs, Capacity: o.capacity, Shard: sh})
	}
	if err := run.Execute(ctx, prog.report); err != nil {
		return err
	}
	rows := run.Rows()
	caps := run.Capacities()
	if o.targetCI > 0 {
		if rows, caps, err = refine(ctx, name, run.Config(), rows, caps, o.targetCI, prog, stderr); err != nil {
			return err
		}
	}
	prog.done()
	return output(stdout, stderr, name, cfg, o.format, rows, caps)
}

// output writes a finished run's rows in format, its spread warnings to
// stderr, and under a storage table the theory notes: what a single run and
// a merge of shards both print.
func output(stdout, stderr io.Writer, name string, cfg experiment.Config, format string, rows []experiment.Row, caps []experiment.CorrPoint) error {
	if err := experiment.WriteRows(stdout, format, rows); err != nil {
		return err
	}
	// Storage capacities whose repetitions scatter too much to read P90
	// to ±5%: a warning per rule (and knob) on stderr.
	for _, c := range caps {
		if w := experiment.SpreadWarning(c.Storage); w != "" {
			if name == experiment.ExpCorr {
				w = fmt.Sprintf("knob %g: %s", c.Knob, w)
			}
			fmt.Fprintln(stderr, "hebb: warning:", w)
		}
	}
	if format == "table" && name == experiment.ExpStorage {
		return writeTheoryNotes(stdout, cfg)
	}
	return nil
}

// maxShards bounds -shard's n.
const maxShards = 100000

// shardMagic opens every shard file (then comes its gob encoding).
const shardMagic = "hebb shard file v1\n"

// shardFile is what -shard writes and merge reads: the experiment (its
// configuration without the number of goroutines, which never changes a
// result) and the shard's results. Gob keeps every float64 bit for bit.
type shardFile struct {
	Name     string
	Cfg      experiment.Config
	Ps       []int
	Knobs    []float64
	Capacity bool
	Shard    experiment.Shard
}

func withoutWorkers(c experiment.Config) experiment.Config {
	c.Workers = 0
	return c
}

func writeShard(w io.Writer, f shardFile) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(shardMagic); err != nil {
		return err
	}
	if err := gob.NewEncoder(bw).Encode(f); err != nil {
		return err
	}
	return bw.Flush()
}

func readShard(path string) (shardFile, error) {
	var f shardFile
	fh, err := os.Open(path)
	if err != nil {
		return f, err
	}
	defer fh.Close()
	br := bufio.NewReader(fh)
	magic := make([]byte, len(shardMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != shardMagic {
		return f, fmt.Errorf("%s: not a shard file of hebb -shard", path)
	}
	if err := gob.NewDecoder(br).Decode(&f); err != nil {
		return f, fmt.Errorf("%s: damaged shard file: %w", path, err)
	}
	return f, nil
}

// merge combines shard files into the output of the single run.
func merge(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hebb merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: hebb merge [-format f] FILE… (the files -shard 0/n … -shard n-1/n wrote, in any order)")
		fs.PrintDefaults()
	}
	format := fs.String("format", "table", "output: table, csv, json (one object per line) or markdown")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return report.Usage(err)
	}
	switch *format {
	case "table", "csv", "json", "markdown":
	default:
		return report.Usage(fmt.Errorf("format %q: want table, csv, json or markdown", *format))
	}
	if fs.NArg() == 0 {
		return report.Usage(fmt.Errorf("merge: name the shard files"))
	}
	var first shardFile
	var shards []experiment.Shard
	for k, path := range fs.Args() {
		f, err := readShard(path)
		if err != nil {
			return report.Usage(err)
		}
		sh := f.Shard
		f.Shard = experiment.Shard{}
		if k == 0 {
			first = f
		} else if !reflect.DeepEqual(f, first) {
			return report.Usage(fmt.Errorf("%s: a shard of another experiment or configuration than %s", path, fs.Arg(0)))
		}
		shards = append(shards, sh)
	}
	run, err := experiment.NewRun(first.Name, first.Cfg, first.Ps, first.Knobs, first.Capacity)
	if err != nil {
		return report.Usage(err)
	}
	if err := run.Merge(shards); err != nil {
		return report.Usage(err)
	}
	return output(stdout, stderr, first.Name, first.Cfg, *format, run.Rows(), run.Capacities())
}

// writeTheoryNotes prints, under a storage table, what each theory column
// entry is, its source, and why it may differ from the measurement.
func writeTheoryNotes(w io.Writer, cfg experiment.Config) error {
	for _, r := range cfg.Rules {
		p, _ := theory.Capacity(cfg.Shape, r, cfg.Nflip)
		if _, err := fmt.Fprintf(w, "# theory, %s: %s (%s). %s\n", r, p.Label, p.Citation, upperFirst(p.Differs)); err != nil {
			return err
		}
	}
	return nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:]) + "."

}

// minHalfWidth is the narrowest half-width -target-ci asks for, in stored
// patterns: P90 is a whole number, so ±3% of a P90 of 5 (±0.15) would need
// hundreds of repetitions to resolve a fraction of one pattern.
const minHalfWidth = 0.5

// refine reruns, point by point (rule, and knob of a correlation sweep), the
// storage capacities of a pilot run whose interval of the mean
// per-repetition P90 is wider than ±target of the mean (or ±minHalfWidth
// patterns, whichever is wider), with the repetitions the measured spread
// calls for: n ≈ (t·sd/(target·mean))², the smallest n with
// t(0.975, n−1)·sd/√n ≤ target·mean. A pilot's standard deviation is
// itself uncertain, so a rerun still too wide is refined again from its own
// spread (at most three times). Repetition r draws the same patterns
// whatever the number of repetitions, so the pilot's repetitions are the
// first ones of every rerun. pilotRows[i] is the row of pilot[i]. It returns
// the rows (each with its own reps) and the capacities.
func refine(ctx context.Context, name string, cfg experiment.Config, pilotRows []experiment.Row, pilot []experiment.CorrPoint,
	target float64, prog *progress, stderr io.Writer) ([]experiment.Row, []experiment.CorrPoint, error) {
	if len(pilotRows) != len(pilot) {
		return nil, nil, fmt.Errorf("target-ci: %d rows for %d capacities", len(pilotRows), len(pilot)) // cannot happen without prototypes
	}
	rows := slices.Clone(pilotRows)
	caps := slices.Clone(pilot)
	for i, p := range pilot {
		c := cfg
		c.Rules = []memory.Rule{p.Rule}
		var knobs []float64
		where := string(p.Rule)
		if name == experiment.ExpCorr {
			knobs = []float64{p.Knob}
			where = fmt.Sprintf("%s at knob %g", p.Rule, p.Knob)
		}
		for try := 0; try < 3; try++ {
			sp := p.Storage.Spread
			goal := max(target*sp.Mean, minHalfWidth) // the half-width wanted
			if !sp.Defined || sp.Mean == 0 || sp.HalfWidth <= goal || c.Reps >= experiment.MaxReps {
				break
			}
			n := max(c.Reps+1, experiment.RepsForHalfWidth(sp.SD/sp.Mean, goal/sp.Mean))
			c.Reps = n
			if err := c.Validate(); err != nil {
				return nil, nil, fmt.Errorf("%s: %d repetitions for ±%g%%: %w", where, n, 100*target, err)
			}
			fmt.Fprintf(stderr, "hebb: %s: interval ±%.1f%% with %d repetitions (sd %.1f%% of the mean): rerunning with %d\n",
				where, 100*sp.RelHalfWid, sp.N, 100*sp.SD/sp.Mean, n)
			r, err := experiment.NewRun(name, c, nil, knobs, false)
			if err != nil {
				return nil, nil, err
			}
			if err := r.Execute(ctx, prog.report); err != nil {
				return nil, nil, err
			}
			p = r.Capacities()[0]
			rows[i], caps[i] = r.Rows()[0], p
		}
	}
	return rows, caps, nil
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func parseRules(s string) ([]memory.Rule, error) {
	if s == "all" {
		return memory.BenchmarkRules(), nil
	}
	var out []memory.Rule
	for _, f := range strings.Split(s, ",") {
		r, err := memory.ParseRule(strings.TrimSpace(f))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func parseInts(s, what string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 0 {
			return nil, fmt.Errorf("%s: %q is not a whole number ≥ 0", what, f)
		}
		out = append(out, v)
	}
	return out, nil
}

func parseFloats(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return nil, fmt.Errorf("knobs: %q is not a number", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// progress prints a status line to stderr at most twice a second, once a
// run has taken longer than a second.
type progress struct {
	w     io.Writer
	quiet bool
	start time.Time
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, quiet bool) *progress {
	now := time.Now()
	return &progress{w: w, quiet: quiet, start: now, last: now}
}

func (p *progress) report(pr experiment.Progress) {
	if p.quiet {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 500*time.Millisecond {
		return
	}
	p.last = now
	done := fmt.Sprintf("%d", pr.Done)
	if pr.Total > 0 {
		done = fmt.Sprintf("%d/%d", pr.Done, pr.Total)
	}
	fmt.Fprintf(p.w, "\r\033[K[%5.1fs] %s  %s", now.Sub(p.start).Seconds(), done, pr.Message)
	p.shown = true
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprintln(p.w)
		p.shown = false
	}
}
