package dopaminelab

import (
	"fmt"
	"strconv"

	"hebbplay/core/dopamine"
	"hebbplay/core/lab"
	"hebbplay/core/params"
)

// The two tasks need different network sizes, learning rates, targets and
// training speeds (see dopamine.DefaultConfig), so those parameters come in
// pairs, one per task, each shown only while its task is chosen: switching
// the task then brings back that task's own settings.
const (
	sufXOR = "_xor"
	sufMG  = "_mg"
)

// suffix is the suffix of the task's own parameters.
func suffix(task string) string {
	if task == string(dopamine.MackeyGlass) {
		return sufMG
	}
	return sufXOR
}

// fmtDefault writes a default value for the table.
func fmtDefault(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// perTask returns the pair of parameters built by mk for XOR and Mackey–Glass.
func perTask(mk func(t dopamine.Task, d dopamine.Config) params.Param) []params.Param {
	var out []params.Param
	for _, t := range dopamine.Tasks {
		p := mk(t, dopamine.DefaultConfig(t))
		p.Name += suffix(string(t))
		p.ShowIf = "task=" + string(t)
		out = append(out, p)
	}
	return out
}

// Limits of the playground.
const (
	maxHidden = 64
	maxSteps  = 100000
	maxSPF    = 500
	maxK      = 64
	maxRate   = 50
)

// methodNames are the optimizers' display names.
var methodNames = map[dopamine.Method]string{
	dopamine.SGD: "SGD", dopamine.Adam: "Adam", dopamine.WP: "WP", dopamine.Dopamine: "Dopamine",
}

// table is the lab's parameter table; every line is one control.
var table = func() *params.Table {
	var ps []params.Param
	add := func(p ...params.Param) { ps = append(ps, p...) }
	add(params.Param{Name: "task", Label: "Task", Type: params.Choice,
		Choices:      []string{string(dopamine.XOR), string(dopamine.MackeyGlass)},
		ChoiceLabels: []string{"XOR (2–H–1 perceptron)", "Mackey–Glass series (1–H–1 recurrent net)"},
		Default:      string(dopamine.XOR), Group: "Task", Hideable: true,
		Help: "XOR: four points, a perceptron with H tanh hidden units and a sigmoid output. Mackey–Glass: predict the next value of a chaotic series, sampled every 3 time units, with an Elman network, trained on the first 500 samples and tested on the next 500, one step ahead (true inputs) and free-running (its own predictions fed back)."})
	add(perTask(func(t dopamine.Task, d dopamine.Config) params.Param {
		return params.Param{Name: "hidden", Label: "Hidden units H", Type: params.Int, Min: 1, Max: maxHidden, Default: strconv.Itoa(d.Hidden), Group: "Task", Hideable: true,
			Help: "Hidden units of the network. More weights make weight perturbation slower: its random direction finds the gradient less often."}
	})...)
	add(perTask(func(t dopamine.Task, d dopamine.Config) params.Param {
		return params.Param{Name: "target", Label: "Target loss", Type: params.Float, Min: 1e-6, Max: 1, Step: 1e-6, Default: fmtDefault(d.Target), Group: "Task", Hideable: true,
			Help: "The training loss (mean squared error) at which an optimizer counts as done: its steps and passes to get there are reported. Drawn dashed in the loss plot."}
	})...)
	for _, m := range dopamine.Methods {
		add(params.Param{Name: "show_" + string(m), Label: methodNames[m], Type: params.Bool, Default: "true", Group: "Optimizers shown", Hideable: true,
			Help: map[dopamine.Method]string{
				dopamine.SGD:      "Full-batch gradient descent with the exact gradient (backpropagation).",
				dopamine.Adam:     "Adam with the exact gradient (backpropagation).",
				dopamine.WP:       "Plain weight perturbation: try a random change ξ of all weights, keep it in proportion to how much it lowered the loss.",
				dopamine.Dopamine: "Weight perturbation whose learning rate follows the surprise |δ| against its running baseline (our reading of the abstract).",
			}[m]})
	}
	add(perTask(func(t dopamine.Task, d dopamine.Config) params.Param {
		return params.Param{Name: "lr_sgd", Label: "SGD learning rate", Type: params.Float, Min: 0, Max: maxRate, Step: 0.0001, Default: fmtDefault(d.SGDRate), Group: "Gradient methods", Hideable: true,
			Help: "W ← W − rate·∇L. The default is the largest rate of a coarse grid that reached the target on ten seeds."}
	})...)
	add(perTask(func(t dopamine.Task, d dopamine.Config) params.Param {
		return params.Param{Name: "lr_adam", Label: "Adam step size", Type: params.Float, Min: 0, Max: maxRate, Step: 0.0001, Default: fmtDefault(d.AdamRate), Group: "Gradient methods", Hideable: true,
			Help: "Adam's step size α (β₁ = 0.9, β₂ = 0.999 as in the Adam paper)."}
	})...)
	d := dopamine.DefaultConfig(dopamine.XOR)
	add(params.Param{Name: "sigma", Label: "Perturbation size σ", Type: params.Float, Min: 0.0001, Max: 1, Step: 0.0001, Default: fmtDefault(d.Sigma), Group: "Weight perturbation", Hideable: true,
		Help: "Standard deviation of the random change ξ ~ N(0, σ²I) tried on all weights, for WP and Dopamine."})
	add(params.Param{Name: "K", Label: "Perturbations per step", Type: params.Int, Min: 1, Max: maxK, Default: strconv.Itoa(d.Perturbations), Group: "Weight perturbation", Hideable: true,
		Help: "How many perturbations are tried and averaged per update (each costs one forward pass), for WP and Dopamine."})
	add(perTask(func(t dopamine.Task, d dopamine.Config) params.Param {
		return params.Param{Name: "lr_wp", Label: "WP learning rate η", Type: params.Float, Min: 0, Max: maxRate, Step: 0.0001, Default: fmtDefault(d.WPRate), Group: "Weight perturbation", Hideable: true,
			Help: "Plain WP: W ← W + η·δ·ξ/σ², with δ = L(W) − L(W+ξ)."}
	})...)
	add(perTask(func(t dopamine.Task, d dopamine.Config) params.Param {
		return params.Param{Name: "eta0", Label: "Dopamine base rate η₀", Type: params.Float, Min: 0, Max: maxRate, Step: 0.0001, Default: fmtDefault(d.Eta0), Group: "Dopamine", Hideable: true,
			Help: "η_t = η₀·min(|δ|/(d̄+ε), r_max): the rate of a step as surprising as the baseline. Set it equal to WP's η to compare the two at equal rates."}
	})...)
	add(params.Param{Name: "beta", Label: "Baseline decay β", Type: params.Float, Min: 0, Max: 0.999, Step: 0.001, Default: fmtDefault(d.Beta), Group: "Dopamine", Hideable: true,
		Help: "The tonic baseline d̄ ← β·d̄ + (1−β)·|δ| averages about the last 1/(1−β) steps."})
	add(params.Param{Name: "rmax", Label: "Cap r_max", Type: params.Float, Min: 0.1, Max: 100, Step: 0.1, Default: fmtDefault(d.RMax), Group: "Dopamine", Hideable: true,
		Help: "The largest ratio |δ|/d̄ a step may use: η_t never exceeds η₀·r_max."})
	add(params.Param{Name: "baseline_first", Label: "Update d̄ before η_t", Type: params.Bool, Default: strconv.FormatBool(d.BaselineFirst), Group: "Dopamine", Hideable: true,
		Help: "Off (default): η_t compares |δ| with the baseline of the previous steps, a prediction made before the outcome. On: the baseline takes |δ| in first."})
	add(params.Param{Name: "seed", Label: "Seed", Type: params.Int, Min: 0, Max: 1<<31 - 1, Default: "1", Group: "Run", Hideable: true,
		Help: "Seeds the initial weights (the same for every optimizer) and the perturbations: the same settings and seed give the same curves on any machine."})
	add(perTask(func(t dopamine.Task, d dopamine.Config) params.Param {
		def := "5000"
		if t == dopamine.MackeyGlass {
			def = "10000"
		}
		return params.Param{Name: "steps", Label: "Training steps", Type: params.Int, Min: 100, Max: maxSteps, Step: 100, Default: def, Group: "Run", Hideable: true,
			Help: "The run stops after this many updates of each optimizer (the budget of scripts/dopamine). Raising it continues the run."}
	})...)
	add(perTask(func(t dopamine.Task, d dopamine.Config) params.Param {
		def := "100"
		if t == dopamine.MackeyGlass {
			def = "3"
		}
		return params.Param{Name: "spf", Label: "Steps per frame", Type: params.Int, Min: 1, Max: maxSPF, Default: def, Group: "Run", Hideable: true,
			Help: "Updates of every optimizer per animation frame. Training runs in these small slices so the page never freezes; larger is faster but makes frames longer."}
	})...)
	add(params.Param{Name: "views", Label: "Views", Type: params.Choice,
		Choices:      []string{"all", "loss_task", "rpe_rate", "loss"},
		ChoiceLabels: []string{"all four", "loss and surfaces / forecast", "RPE and learning rate", "loss only"},
		Default:      "all", Group: "Display", Hideable: true,
		Help: "Which pictures the stage shows. Fewer pictures are drawn larger: on a projector, show two."})
	add(params.Param{Name: "horizon", Label: "Forecast horizon", Type: params.Int, Min: 10, Max: 500, Default: "84", Unit: "steps", Group: "Display", Hideable: true, ShowIf: "task=" + string(dopamine.MackeyGlass),
		Help: "How far the networks forecast freely (feeding back their own predictions) after the training part; the summary's free-running error is measured over it. One step is 3 time units: 84 steps are about five oscillations of the series (as far as the native command measures by default). The series is chaotic, so every forecast drifts off eventually: a longer horizon shows where."})
	pb := lab.PlaybackParams()
	for i := range pb {
		if pb[i].Name == "speed" {
			pb[i].Min, pb[i].Max, pb[i].Step, pb[i].Default, pb[i].Unit = 1, 60, 1, "15", "frames/s"
			pb[i].Help = "How many training slices (of “steps per frame” updates) run per second while playing; the pictures are redrawn after each. 15 leaves a computer without a graphics card time to spare; 60 is one slice per screen frame."
		}
	}
	add(pb...)
	t := params.NewTable(ps...)
	t.Constrain = constrain
	return t
}()

// constrain keeps at least one optimizer shown.
func constrain(v *params.Values) []string {
	for _, m := range dopamine.Methods {
		if v.Bool("show_" + string(m)) {
			return nil
		}
	}
	v.Set("show_"+string(dopamine.Dopamine), 1)
	return []string{"At least one optimizer must be shown; showing Dopamine."}
}

// Table returns the lab's parameter table (for tests and tools).
func Table() *params.Table { return table }

// setup is what a configuration asks the core for.
type setup struct {
	cfg     dopamine.Config
	methods []dopamine.Method
	seed    uint64
}

// setupOf reads the configuration: the core's Config for the chosen task,
// the optimizers shown (in display order) and the seed.
func setupOf(v params.Values) (setup, error) {
	task := dopamine.Task(v.Choice("task"))
	suf := suffix(string(task))
	c := dopamine.DefaultConfig(task)
	c.Hidden = v.Int("hidden" + suf)
	c.Target = v.Float("target" + suf)
	c.SGDRate = v.Float("lr_sgd" + suf)
	c.AdamRate = v.Float("lr_adam" + suf)
	c.WPRate = v.Float("lr_wp" + suf)
	c.Eta0 = v.Float("eta0" + suf)
	c.Sigma = v.Float("sigma")
	c.Perturbations = v.Int("K")
	c.Beta = v.Float("beta")
	c.RMax = v.Float("rmax")
	c.BaselineFirst = v.Bool("baseline_first")
	if err := c.Validate(); err != nil {
		return setup{}, err
	}
	var ms []dopamine.Method
	for _, m := range dopamine.Methods {
		if v.Bool("show_" + string(m)) {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return setup{}, fmt.Errorf("no optimizer shown")
	}
	return setup{cfg: c, methods: ms, seed: uint64(v.Int("seed"))}, nil
}

// restartFree lists the parameters a run survives: how fast it is played
// and shown, and how long it may go on.
var restartFree = map[string]bool{
	"speed": true, "autoplay": true, "horizon": true, "views": true,
	"spf" + sufXOR: true, "spf" + sufMG: true, "steps" + sufXOR: true, "steps" + sufMG: true,
}
