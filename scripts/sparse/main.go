// Command sparse trains the sparse-rule lab's two models natively on MNIST
// with a seed, the network of the biologically constrained rule ("hebbian":
// competitive Hebbian hidden layer, homeostatic biases, silent synapses,
// output layer by weight perturbation) and the backprop baseline of the same
// shape, and prints every measurement: test accuracy, activity sparsity, the
// weight distribution with its lognormal and normal fits (Kolmogorov–Smirnov
// distances), the silent fraction, Dale's-law sign consistency, the few-shot
// curve, the robustness curves (random noise and FGSM) and the hidden
// weights' log histogram.
//
// Usage:
//
//	go run ./scripts/sparse [-quick] [-link '<permalink>'] [-<parameter> value …] \
//		[-data subset.bin] [-train N] [-test N] [-epochs E | -examples N] \
//		[-fewshot 1,5,10,100,all] [-eps 0,0.05,0.1,0.2] [-format table|csv|json]
//
// The models' flags are the sparse lab's parameter table: the same names as
// the page's permalink (H, k, eta_b, rbatch, …), its help and its limits; a
// value outside them is refused. -link runs the models of a page's
// permalink (flags after it change them); the data, training length and
// measurement sizes are the command's own flags. The page trains on a
// 2 000-image subset, which -data reads (make build writes it to
// web/mnist-subset.bin); the native line the page shows carries it with
// the page's budget (-examples) and test images (-test), and its output
// with -format csv or json is the lab's results download byte for byte.
// The old names (-hidden, -bias-rate, -readout-batch, …) still work.
//
// -quick is the preset of `make reproduce` (a small run, under a minute on
// two cores); flags given explicitly override it. Run with -h for every
// flag. The rule is this project's reading of an abstract (Inoue, Röhrbein
// and Knoblauch 2026) and a companion paper; see package
// hebbplay/core/sparse. Timings go to standard error, so standard output
// depends only on the flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"hebbplay/core/jobs"
	"hebbplay/core/lab/sparselab"
	"hebbplay/core/params"
	rpt "hebbplay/core/report"
	"hebbplay/core/sparse"
	"hebbplay/core/sparse/mnist"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the parsed command line.
type options struct {
	cfg           sparse.Config
	models        []string
	seed          uint64
	train, test   int
	epochs        float64
	fewshot       []int // 0 stands for "all"
	fewMin        int
	data          string
	examples      int
	fewEpochs     float64
	fewPretrained bool
	eps           []float64
	robustN       int
	bins          int
	format        string
	values        params.Values // the lab's configuration the flags or -link give
	printLink     bool
}

// quickPreset holds the values -quick gives to flags not set explicitly.
var quickPreset = map[string]string{
	"hidden":      "100",
	"train":       "10000",
	"test":        "2000",
	"epochs":      "2",
	"fewshot":     "1,10,100,all",
	"fewshot-min": "5000",
	"eps":         "0,0.1,0.2,0.3",
	"robust-n":    "500",
}

// parse parses the command line.
func parse(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("sparse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tb := sparselab.Table()
	tf := tb.Flags(fs, nil, sparselab.ID, sparselab.NativeFlags())
	var (
		quick     = fs.Bool("quick", false, "small preset for make reproduce (explicit flags override it)")
		train     = fs.Int("train", 0, "training images used, the first N of 60000 (0: all)")
		test      = fs.Int("test", 0, "test images measured, the first N of 10000 (0: all)")
		epochs    = fs.Float64("epochs", 1, "passes over the training images")
		models    = fs.String("models", "hebbian,backprop", "models to train, comma-separated")
		fewshot   = fs.String("fewshot", "1,5,10,100,all", "few-shot curve: images per class, comma-separated ('all': the main run; empty: none)")
		fewMin    = fs.Int("fewshot-min", 20000, "least presentations for a few-shot point")
		fewPre    = fs.Bool("fewshot-pretrained", true, "add the few-shot curve of the Hebbian layer trained without labels on all training images, output layer on the few")
		fewEpochs = fs.Float64("fewshot-epochs", 0, "epochs for a few-shot point when more than -fewshot-min (0: -epochs)")
		eps       = fs.String("eps", "0,0.05,0.1,0.2,0.3", "perturbation sizes ε of the robustness curves, comma-separated (empty: none)")
		robustN   = fs.Int("robust-n", 2000, "test images for the robustness curves (0: all measured)")
		bins      = fs.Int("bins", sparselab.ReportBins, "bins of the weight histogram")
		data      = fs.String("data", "", "packed MNIST subset to train and test on (the page's web/mnist-subset.bin, written by make build); empty: all of MNIST")
		examples  = fs.Int("examples", 0, "training presentations, as the lab's examples (0: -epochs passes over the training images)")
		format    = fs.String("format", "table", "output format: table, csv or json")
		initBias  = fs.Float64("init-bias", sparse.DefaultConfig(100).InitBias, "initial hidden biases")
		printLink = fs.Bool("print-link", false, "print the permalink of the configuration the flags give (the page opens it) and exit without running")
		target    = fs.Float64("target", 0, "target activity ρ as a fraction of all units (0: -rho × k/H)")
	)
	// The names this command had before its flags came from the table.
	for old, param := range map[string]string{"hidden": "H", "bias-rate": "eta_b", "init-max": "init_max",
		"hebbian-images": "hebb_images", "readout-rate": "rate", "perturbations": "nperturb", "readout-batch": "rbatch",
		"readout-steps": "rsteps", "bp-rate": "bp_rate", "bp-batch": "bp_batch"} {
		fs.Func(old, "the same as -"+param, func(s string) error { return tf.Set(param, s) })
	}
	fs.BoolFunc("eligible-only", "the same as -eligible", func(s string) error { return tf.Set("eligible", s) })
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for name, v := range quickPreset {
			if !set[name] {
				if err := fs.Set(name, v); err != nil {
					return nil, err
				}
			}
		}
	}
	v, err := tf.Values()
	if err != nil {
		return nil, err
	}
	o := &options{seed: uint64(v.Int("seed")), train: *train, test: *test, epochs: *epochs, fewMin: *fewMin, robustN: *robustN, bins: *bins, format: *format, values: v, printLink: *printLink, data: *data, examples: *examples}
	switch o.format {
	case "table", "csv", "json":
	default:
		return nil, fmt.Errorf("unknown -format %q (want table, csv or json)", o.format)
	}
	c := sparselab.ModelConfig(v)
	c.InitBias = *initBias
	if *target != 0 {
		c.Target = *target
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	o.cfg = c
	if o.train < 0 || o.test < 0 || o.robustN < 0 || o.fewMin < 0 {
		return nil, errors.New("-train, -test, -robust-n and -fewshot-min must be ≥ 0")
	}
	if o.examples < 0 || o.examples > jobs.MaxSparseExamples {
		return nil, fmt.Errorf("-examples %d must be in [0, %d]", o.examples, jobs.MaxSparseExamples)
	}
	if !(o.epochs > 0) || math.IsInf(o.epochs, 0) {
		return nil, fmt.Errorf("-epochs %g must be a finite number > 0", o.epochs)
	}
	o.fewPretrained = *fewPre
	o.fewEpochs = *fewEpochs
	if o.fewEpochs == 0 {
		o.fewEpochs = o.epochs
	}
	if !(o.fewEpochs > 0) || math.IsInf(o.fewEpochs, 0) {
		return nil, fmt.Errorf("-fewshot-epochs %g must be a finite number > 0", o.fewEpochs)
	}
	if o.bins < 1 {
		return nil, fmt.Errorf("-bins %d must be at least 1", o.bins)
	}
	for _, f := range strings.Split(*models, ",") {
		f = strings.TrimSpace(f)
		switch f {
		case "":
		case "hebbian", "backprop":
			o.models = append(o.models, f)
		default:
			return nil, fmt.Errorf("unknown model %q in -models (want hebbian and/or backprop)", f)
		}
	}
	if len(o.models) == 0 {
		return nil, errors.New("-models names no model")
	}
	for _, f := range splitList(*fewshot) {
		if f == "all" {
			o.fewshot = append(o.fewshot, 0)
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-fewshot entry %q must be a positive integer or 'all'", f)
		}
		o.fewshot = append(o.fewshot, n)
	}
	for _, f := range splitList(*eps) {
		e, err := strconv.ParseFloat(f, 64)
		if err != nil || e < 0 || e > 1 {
			return nil, fmt.Errorf("-eps entry %q must be a number in [0, 1]", f)
		}
		o.eps = append(o.eps, e)
	}
	return o, nil
}

// splitList splits a comma-separated list, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// Names of the extra rows: the few-shot curve of the Hebbian hidden layer
// trained without labels on the whole training set, with only the output
// layer trained on the few labelled images; and FGSM with the other model's
// gradient.
const (
	pretrained     = "hebbian-pretrained"
	attackTransfer = "fgsm-transfer"
)

// reportOf returns the report of the named model.
func reportOf(res *result, name string) report {
	for _, r := range res.Reports {
		if r.Model == name {
			return r
		}
	}
	return report{Accuracy: jnum(math.NaN())}
}

// build returns a fresh model by name.
func build(name string, cfg sparse.Config) (sparse.Model, error) {
	if name == "hebbian" {
		return sparse.NewHebbian(cfg)
	}
	return sparse.NewBackprop(cfg)
}

// result is everything the command prints (the lab's results download).
type result = sparselab.Result

// report is one model's measurements.
type report = sparselab.ModelReport

// fewRow is one point of a few-shot curve.
type fewRow = sparselab.FewRow

// robustRow is one point of a robustness curve.
type robustRow = sparselab.RobustRow

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parse(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "sparse:", err)
		}
		return rpt.Exit(rpt.Usage(err)) // 0 for -h, 2 otherwise
	}
	if o.printLink {
		fmt.Fprintln(stdout, "#"+sparselab.Table().Encode(o.values, nil, params.KV{Key: "lab", Value: sparselab.ID}))
		return rpt.ExitOK
	}
	res, err := compute(o, stderr)
	if err == nil {
		err = write(stdout, o.format, res)
	}
	if err != nil {
		fmt.Fprintln(stderr, "sparse:", err)
	}
	return rpt.Exit(err) // 0, or 1: a failure at run time
}

// load reads the packed subset at path (mnist.Decode), or all of MNIST
// (mnist.Load) when path is empty.
func load(path string) (train, test *mnist.Set, err error) {
	if path == "" {
		return mnist.Load()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("-data: %w", err)
	}
	defer f.Close()
	train, test, err = mnist.Decode(f)
	if err == nil && (train.Len() == 0 || test.Len() == 0) {
		err = errors.New("the subset holds no training or no test images")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("-data %s: %w", path, err)
	}
	return train, test, nil
}

// compute trains the models and measures them.
func compute(o *options, log io.Writer) (*result, error) {
	start := time.Now()
	trainAll, testAll, err := load(o.data)
	if err != nil {
		return nil, err
	}
	train, test := trainAll.First(o.train), testAll.First(o.test)
	fmt.Fprintf(log, "sparse: loaded %d training and %d test images in %.1fs\n", train.Len(), test.Len(), time.Since(start).Seconds())
	res := &result{Seed: o.seed, Config: o.cfg, Train: train.Len(), Test: test.Len(), Epochs: o.epochs, Histograms: map[string]sparselab.Hist{}}
	presentations := int(math.Round(o.epochs * float64(train.Len())))
	if o.examples > 0 {
		presentations = o.examples
		res.Epochs = float64(o.examples) / float64(train.Len())
	}
	robustN := o.robustN
	if robustN == 0 || robustN > test.Len() {
		robustN = test.Len()
	}
	models := map[string]sparse.Model{}
	for _, name := range o.models {
		t0 := time.Now()
		m, err := build(name, o.cfg)
		if err != nil {
			return nil, err
		}
		tr := sparse.NewTrainer(m, train)
		tr.Init(o.seed)
		tr.Step(presentations)
		models[name] = m
		fmt.Fprintf(log, "sparse: %s trained on %d presentations in %.1fs\n", name, presentations, time.Since(t0).Seconds())
		t0 = time.Now()
		var h sparse.Histogram
		sparse.LogHistogram(&h, m.Layers()[0].W, o.bins)
		rep, hist := sparselab.ModelResult(name, sparse.Evaluate(m, test, 0), h)
		res.Reports = append(res.Reports, rep)
		res.Histograms[name] = hist
		fmt.Fprintf(log, "sparse: %s measured in %.1fs\n", name, time.Since(t0).Seconds())
	}
	if len(o.eps) > 0 {
		t0 := time.Now()
		for _, name := range o.models {
			m := models[name]
			for _, a := range sparse.Attacks {
				acc, err := sparse.Robustness(m, test, robustN, o.eps, a, o.seed)
				if err != nil {
					return nil, err
				}
				for q, e := range o.eps {
					res.Robustness = append(res.Robustness, robustRow{Model: name, Attack: string(a), Eps: e, Accuracy: jnum(acc[q])})
				}
			}
			if len(models) == 2 {
				other := models["backprop"]
				if name == "backprop" {
					other = models["hebbian"]
				}
				acc := sparse.TransferFGSM(m, other, test, robustN, o.eps)
				for q, e := range o.eps {
					res.Robustness = append(res.Robustness, robustRow{Model: name, Attack: attackTransfer, Eps: e, Accuracy: jnum(acc[q])})
				}
			}
		}
		fmt.Fprintf(log, "sparse: robustness curves in %.1fs\n", time.Since(t0).Seconds())
	}
	var variants []string // the few-shot curves: each model, and the pretrained probe after hebbian
	for _, name := range o.models {
		variants = append(variants, name)
		if name == "hebbian" && o.fewPretrained {
			variants = append(variants, pretrained)
		}
	}
	for _, name := range variants {
		t0 := time.Now()
		builder := func() (sparse.Model, error) { return build(name, o.cfg) }
		if name == pretrained {
			h := models["hebbian"].(*sparse.Hebbian)
			builder = func() (sparse.Model, error) { return h.FrozenCopy(), nil }
		}
		for _, n := range o.fewshot {
			if n == 0 {
				if name != pretrained {
					res.FewShot = append(res.FewShot, fewRow{Model: name, PerClass: "all", Images: train.Len(), Presented: presentations, Accuracy: reportOf(res, name).Accuracy})
				}
				continue
			}
			pts, err := sparse.FewShot(builder, train, test, 0, []int{n},
				func(images int) int { return max(o.fewMin, int(math.Round(o.fewEpochs*float64(images)))) }, o.seed)
			if err != nil {
				return nil, err
			}
			p := pts[0]
			res.FewShot = append(res.FewShot, fewRow{Model: name, PerClass: strconv.Itoa(n), Images: p.Images, Presented: p.Presented, Accuracy: jnum(p.Accuracy)})
		}
		if len(o.fewshot) > 0 {
			fmt.Fprintf(log, "sparse: %s few-shot curve in %.1fs\n", name, time.Since(t0).Seconds())
		}
	}
	return res, nil
}

// write prints res in the chosen format.
func write(w io.Writer, format string, res *result) error {
	if format == "table" {
		return writeTable(w, res)
	}
	return sparselab.WriteResult(w, format, res)
}

// writeTable prints the measurements as aligned tables, one per section.
func writeTable(w io.Writer, res *result) error {
	c := res.Config
	fmt.Fprintf(w, "sparse-rule lab (our reading of Inoue, Röhrbein, Knoblauch 2026; the paper's equations are not public)\n")
	fmt.Fprintf(w, "seed %d, H=%d, k=%d, %d training images × %g epochs, %d test images, readout %s (σ=%g, η=%g)\n\n",
		res.Seed, c.Hidden, c.Winners, res.Train, res.Epochs, res.Test, c.Readout, c.Sigma, c.ReadoutRate)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	line := func(cells ...string) { fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t") }
	f := func(v jnum) string {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return "" // no value (package report's rule)
		}
		return strconv.FormatFloat(float64(v), 'f', 4, 64)
	}
	header := []string{"measurement"}
	for _, r := range res.Reports {
		header = append(header, r.Model)
	}
	line(header...)
	metric := func(name string, get func(r report) string) {
		cells := []string{name}
		for _, r := range res.Reports {
			cells = append(cells, get(r))
		}
		line(cells...)
	}
	metric("test accuracy", func(r report) string { return f(r.Accuracy) })
	metric("active fraction (|h|>0.05)", func(r report) string { return f(r.Active) })
	metric("population sparseness", func(r report) string { return f(r.PopSparseness) })
	metric("lifetime sparseness", func(r report) string { return f(r.LifeSparseness) })
	metric("silent fraction (layer 1)", func(r report) string { return f(r.SilentFraction) })
	metric("negative fraction (layer 1)", func(r report) string { return f(jnum(float64(r.Negative) / float64(max(r.Synapses, 1)))) })
	metric("lognormal μ of |w|≠0", func(r report) string { return f(r.LogNormal.Mu) })
	metric("lognormal σ of |w|≠0", func(r report) string { return f(r.LogNormal.Sigma) })
	metric("KS distance, lognormal fit", func(r report) string { return f(r.LogNormal.KS) })
	metric("KS distance, normal fit", func(r report) string { return f(r.Normal.KS) })
	if len(res.Reports) > 0 {
		for li, d := range res.Reports[0].Dale {
			metric("Dale consistency "+d.Layer, func(r report) string { return f(r.Dale[li].Mean) })
			metric("  units obeying "+d.Layer, func(r report) string { return f(r.Dale[li].Obeying) })
			metric("  mostly excitatory "+d.Layer, func(r report) string { return f(r.Dale[li].Excitatory) })
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(res.FewShot) > 0 {
		fmt.Fprintln(w, "\nfew-shot: test accuracy against labelled training images per class (each model trained on those alone;")
		fmt.Fprintln(w, pretrained+": the main run's Hebbian layer, learnt without labels from all images, output layer on the few)")
		var names []string
		for _, p := range res.FewShot {
			if !slices.Contains(names, p.Model) {
				names = append(names, p.Model)
			}
		}
		line(append([]string{"per class"}, names...)...)
		for _, pc := range uniq(res.FewShot) {
			cells := []string{pc}
			for _, name := range names {
				v := "-"
				for _, p := range res.FewShot {
					if p.Model == name && p.PerClass == pc {
						v = f(p.Accuracy)
					}
				}
				cells = append(cells, v)
			}
			line(cells...)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(res.Robustness) > 0 {
		fmt.Fprintln(w, "\nrobustness: test accuracy against perturbation size ε (random ±ε noise; FGSM with the model's own gradient;")
		fmt.Fprintln(w, "FGSM transferred from the other model's gradient)")
		attacks := []string{string(sparse.Noise), string(sparse.FGSM), attackTransfer}
		cells := []string{"ε"}
		for _, a := range attacks {
			for _, r := range res.Reports {
				if hasRobust(res, r.Model, a) {
					cells = append(cells, a+" "+r.Model)
				}
			}
		}
		line(cells...)
		var eps []float64
		for _, r := range res.Robustness {
			if r.Model == res.Reports[0].Model && r.Attack == string(sparse.Noise) {
				eps = append(eps, r.Eps)
			}
		}
		for _, e := range eps {
			cells := []string{strconv.FormatFloat(e, 'g', 4, 64)}
			for _, a := range attacks {
				for _, m := range res.Reports {
					for _, r := range res.Robustness {
						if r.Model == m.Model && r.Attack == a && r.Eps == e {
							cells = append(cells, f(r.Accuracy))
						}
					}
				}
			}
			line(cells...)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, name := range []string{"hebbian", "backprop"} {
		h, ok := res.Histograms[name]
		if !ok {
			continue
		}
		fmt.Fprintf(w, "\n%s layer-1 |w| histogram on a log axis (%d zero weights not shown); lognormal fit μ=%.3f σ=%.3f\n", name, h.Zeros, h.Mu, h.Sigma)
		line("log10 |w|", "count", "lognormal")
		width := (h.Hi - h.Lo) / float64(len(h.Counts))
		for b, c := range h.Counts {
			line(strconv.FormatFloat(h.Lo+(float64(b)+0.5)*width, 'f', 2, 64), strconv.Itoa(c), strconv.FormatFloat(h.Fit[b], 'f', 0, 64))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// hasRobust reports whether res holds a robustness curve of model under attack.
func hasRobust(res *result, model, attack string) bool {
	for _, r := range res.Robustness {
		if r.Model == model && r.Attack == attack {
			return true
		}
	}
	return false
}

// uniq returns the few-shot sizes in order of first appearance.
func uniq(pts []fewRow) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range pts {
		if !seen[p.PerClass] {
			seen[p.PerClass] = true
			out = append(out, p.PerClass)
		}
	}
	return out
}

// jnum is a float64 written as a number when finite and as no value (JSON
// null, an empty cell) otherwise: the native commands' rule (package
// report).
type jnum = rpt.Number
