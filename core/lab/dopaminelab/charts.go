package dopaminelab

import (
	"fmt"
	"math"
	"strings"

	"hebbplay/core/dopamine"
	"hebbplay/core/lab"
)

// Chart ids, in display order.
const (
	chartLoss     = "loss"
	chartForecast = "forecast" // Mackey–Glass
	chartRPE      = "rpe"
	chartRate     = "rate"
)

var _ lab.ChartSource = (*Lab)(nil)

// lookBack is how many training samples the forecast chart shows before the
// forecast starts.
const lookBack = 60

// methodColour is an optimizer's colour in the palette.
func methodColour(m dopamine.Method) string { return lab.Colour("method/"+string(m), 0) }

// Charts implements lab.ChartSource: the training loss, the Mackey–Glass
// forecast, the RPE and Dopamine's learning rate, as chart data drawn by the
// page beside the XOR surfaces (the stage). They are rebuilt only when the
// run or the configuration changed.
//
// The state of the work in the workers (workState: running, status,
// progress) goes with them, so the frame hands out work while it runs.
func (l *Lab) Charts() lab.Charts {
	w := l.workState()
	if l.group == nil {
		w.Stage = false
		return w
	}
	d := &l.draw
	key := fmt.Sprintf("%p %d", l.group, l.Steps())
	if d.chartVer == 0 || key != d.chartKey || !l.cfg.Equal(d.chartCfg) {
		d.chartKey, d.chartCfg = key, l.cfg.Clone()
		d.chartVer++
		d.charts = lab.Charts{Active: true, Stage: l.showSurface(), Charts: l.buildCharts()}
	}
	c := d.charts
	c.Running, c.Status, c.Done, c.Total = w.Running, w.Status, w.Done, w.Total
	// Either part changing changes the version.
	c.Version = uint64(d.chartVer)<<32 | w.Version&(1<<32-1)
	c.Exports = nil
	if l.finished() {
		c.Exports = exports
	}
	return c
}

// mainParams names the parameters drawn into the charts' PNG.
func (l *Lab) mainParams() string {
	suf := suffix(l.cfg.Choice("task"))
	return lab.ParamLineShown(table, l.cfg, l.hidden, "task", "hidden"+suf, "sigma", "K", "lr_sgd"+suf, "lr_adam"+suf, "lr_wp"+suf, "eta0"+suf, "seed")
}

// buildCharts returns the charts the "views" setting shows.
func (l *Lab) buildCharts() []lab.Chart {
	show := l.cfg.Choice("views")
	var out []lab.Chart
	if show == "all" || show == "loss_task" || show == "loss" {
		out = append(out, l.lossChart())
	}
	if (show == "all" || show == "loss_task") && l.setup.cfg.Task == dopamine.MackeyGlass {
		out = append(out, l.forecastChart())
	}
	if show == "all" || show == "rpe_rate" {
		out = append(out, l.rpeChart(), l.rateChart())
	}
	ps := l.mainParams()
	for i := range out {
		out[i].Params = ps
	}
	return out
}

// trace returns trainer i's trace steps and the values f picks, from the
// first trace point on.
func (l *Lab) trace(i, from int, f func(p dopamine.TracePoint) float64) (xs, ys []float64) {
	tr := l.group.Trainers()[i].Trace()
	for _, p := range tr[min(from, len(tr)):] {
		xs = append(xs, float64(p.Step))
		ys = append(ys, f(p))
	}
	return xs, ys
}

// stepMax is the x range's end: the current step (at least 10), so the
// curves fill the chart as the run goes on.
func (l *Lab) stepMax() float64 { return float64(max(l.Steps(), 10)) }

func (l *Lab) lossChart() lab.Chart {
	target := l.setup.cfg.Target
	what := "XOR's four points"
	if l.setup.cfg.Task == dopamine.MackeyGlass {
		what = "one-step predictions on the training part"
	}
	ch := lab.Chart{ID: chartLoss, Title: "Training loss (mean squared error)", XLabel: "training step", YLabel: "loss",
		YLog: true, XMin: 0, XMax: l.stepMax(),
		Refs: []lab.Ref{{Label: "target" + l.valueWord("target"+suffix(l.cfg.Choice("task")), target), Value: target}}}
	var reached, not []string
	for i, t := range l.group.Trainers() {
		xs, ys := l.trace(i, 0, func(p dopamine.TracePoint) float64 { return p.Loss })
		ch.Series = append(ch.Series, lab.Series{Label: methodNames[t.Method()], Color: methodColour(t.Method()), X: xs, Y: ys})
		if l.reachedOK[i] {
			reached = append(reached, fmt.Sprintf("%s %d", methodNames[t.Method()], l.reached[i].Step))
		} else {
			not = append(not, methodNames[t.Method()])
		}
	}
	line := "No optimizer has reached the target yet"
	if len(reached) > 0 {
		line = "Steps to the target: " + strings.Join(reached, " · ")
		if len(not) > 0 {
			line += " · not yet: " + strings.Join(not, ", ")
		}
	}
	ch.Note = line + ". Error on " + what + "; all optimizers start from the same weights."
	return ch
}

func (l *Lab) forecastChart() lab.Chart {
	ts := l.group.Trainers()
	horizon := l.cfg.Int("horizon")
	ch := lab.Chart{ID: chartForecast, Title: "Free-running forecast against the truth",
		XLabel: "time step after the training part", YLabel: "x (scaled)", YMin: -1.25, YMax: 1.25,
		Refs: []lab.Ref{{Label: "forecast starts", Value: 0, Vertical: true}}}
	series := ts[0].SeriesTask()
	if series == nil {
		return ch
	}
	train := series.Train
	back := min(lookBack, train)
	ch.XMin, ch.XMax = float64(-back), float64(horizon)
	end := min(train+horizon, len(series.Data))
	truth := lab.Series{Label: "truth", Color: lab.Colour("truth", 0)}
	for k := train - back; k < end; k++ {
		truth.X = append(truth.X, float64(k-train))
		truth.Y = append(truth.Y, series.Data[k])
	}
	ch.Series = append(ch.Series, truth)
	d := &l.draw
	for len(d.fc) < len(ts) {
		d.fc = append(d.fc, nil)
	}
	var errs []string
	for i, t := range ts {
		pred, tr, err := t.Forecast(d.fc[i], horizon)
		if err != nil {
			continue
		}
		d.fc[i] = pred
		s := lab.Series{Label: methodNames[t.Method()], Color: methodColour(t.Method())}
		for k, y := range pred {
			s.X, s.Y = append(s.X, float64(k)), append(s.Y, y)
		}
		ch.Series = append(ch.Series, s)
		if len(tr) > 0 {
			errs = append(errs, fmt.Sprintf("%s %.2f", methodNames[t.Method()], finite(nrmse(pred[:len(tr)], tr))))
		}
	}
	ch.Note = fmt.Sprintf("NRMSE over %d steps: %s. Each network reads the training part, then feeds back its own predictions.", horizon, strings.Join(errs, " · "))
	return ch
}

func (l *Lab) rpeChart() lab.Chart {
	ch := lab.Chart{ID: chartRPE, Title: "Reward prediction error |δ| per step", XLabel: "training step", YLabel: "|δ|",
		YLog: true, XMin: 0, XMax: l.stepMax(),
		Note: "δ = L(W) − L(W+ξ): positive when the tried change ξ lowered the loss. Dopamine learns more when |δ| exceeds its running baseline."}
	dop := false
	for i, t := range l.group.Trainers() {
		m := t.Method()
		if m != dopamine.WP && m != dopamine.Dopamine {
			continue
		}
		xs, ys := l.trace(i, 1, func(p dopamine.TracePoint) float64 { return math.Abs(p.RPE) })
		ch.Series = append(ch.Series, lab.Series{Label: methodNames[m] + " |δ|", Color: methodColour(m), X: xs, Y: ys, Markers: true})
		dop = dop || m == dopamine.Dopamine
	}
	if len(ch.Series) == 0 {
		ch.Note = "Show WP or Dopamine to see their RPE."
		return ch
	}
	if dop {
		s := lab.Series{Label: "Dopamine's baseline", Color: lab.Colour("baseline", 0)}
		for _, b := range l.base {
			s.X, s.Y = append(s.X, float64(b.step)), append(s.Y, b.v)
		}
		ch.Series = append(ch.Series, s)
	}
	return ch
}

func (l *Lab) rateChart() lab.Chart {
	c := l.setup.cfg
	ch := lab.Chart{ID: chartRate, Title: "Dopamine's learning rate η_t per step", XLabel: "training step", YLabel: "η_t",
		XMin: 0, XMax: l.stepMax(),
		Note: "η_t = η₀·min(|δ| / baseline, r_max): a step k times as surprising as usual learns k times η₀, up to the cap."}
	idx, hasWP := -1, false
	for i, t := range l.group.Trainers() {
		if t.Method() == dopamine.Dopamine {
			idx = i
		}
		hasWP = hasWP || t.Method() == dopamine.WP
	}
	if idx < 0 {
		ch.Note = "Show Dopamine to see its learning rate."
		return ch
	}
	xs, ys := l.trace(idx, 1, func(p dopamine.TracePoint) float64 { return p.Rate })
	// A running mean over about 1/20 of the points shown.
	mean := lab.Series{Label: "running mean", Color: lab.Colour("baseline", 0)}
	w := max(1, len(ys)/20)
	sum := 0.0
	for k := range ys {
		sum += ys[k]
		if k >= w {
			sum -= ys[k-w]
		}
		if k >= w-1 {
			mean.X = append(mean.X, xs[k-w/2])
			mean.Y = append(mean.Y, sum/float64(w))
		}
	}
	top := c.Eta0 * c.RMax
	suf := suffix(l.cfg.Choice("task"))
	eq := func(name string, x float64) string { // " = x", or nothing when hidden
		if w := l.valueWord(name, x); w != "" {
			return " =" + w
		}
		return ""
	}
	ch.Refs = []lab.Ref{{Label: "η₀" + eq("eta0"+suf, c.Eta0), Value: c.Eta0}}
	wpc := methodColour(dopamine.WP)
	switch {
	case hasWP && math.Abs(c.WPRate-top) <= 1e-9*top:
		ch.Refs = append(ch.Refs, lab.Ref{Label: "cap η₀·r_max = WP's η" + eq("lr_wp"+suf, top), Value: top, Color: wpc})
	case hasWP:
		ch.Refs = append(ch.Refs, lab.Ref{Label: "WP's η" + eq("lr_wp"+suf, c.WPRate), Value: c.WPRate, Color: wpc},
			lab.Ref{Label: "cap η₀·r_max" + eq("eta0"+suf, top), Value: top})
	default:
		ch.Refs = append(ch.Refs, lab.Ref{Label: "cap η₀·r_max" + eq("eta0"+suf, top), Value: top})
	}
	ymax := top
	if hasWP {
		ymax = math.Max(ymax, c.WPRate)
	}
	if ymax <= 0 {
		ymax = 1
	}
	ch.YMin, ch.YMax = 0, ymax*1.12
	ch.Series = []lab.Series{
		{Label: "Dopamine η_t", Color: methodColour(dopamine.Dopamine), X: xs, Y: ys, Markers: true},
		mean,
	}
	return ch
}

// fmtNum writes a parameter value in at most four significant digits.
func fmtNum(x float64) string { return fmt.Sprintf("%.4g", x) }

// nrmse is the root-mean-square error over the standard deviation of the
// truth.
func nrmse(pred, truth []float64) float64 {
	var mean, se, sv float64
	for _, t := range truth {
		mean += t
	}
	mean /= float64(len(truth))
	for i, t := range truth {
		se += (pred[i] - t) * (pred[i] - t)
		sv += (t - mean) * (t - mean)
	}
	if sv == 0 {
		return math.NaN()
	}
	return math.Sqrt(se / sv)
}
