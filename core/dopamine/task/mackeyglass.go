package task

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"hebbplay/core/nn"
)

// MackeyGlass holds the constants of the Mackey–Glass delay differential
// equation (Mackey and Glass 1977, "Oscillation and chaos in physiological
// control systems", Science 197:287–289, their eq. 2 with a, b, c renamed):
//
//	dx/dt = Beta·x(t−Tau)/(1 + x(t−Tau)^N) − Gamma·x(t),
//
// and of its numerical integration and sampling.
type MackeyGlass struct {
	// Tau is the delay τ; the series is chaotic for τ > 16.8 with the other
	// constants below (Farmer 1982, "Chaotic attractors of an
	// infinite-dimensional dynamical system", Physica D 4:366–393), and τ = 17
	// is the usual benchmark setting (e.g. Jaeger and Haas 2004, Science
	// 304:78–80, and Farmer and Sidorowich 1987).
	Tau float64
	// Beta, Gamma and N are β = 0.2, γ = 0.1, n = 10 in the same papers.
	Beta, Gamma, N float64
	// Dt is the integration step; Tau/Dt and 1/Dt must be whole numbers, and
	// Tau/Dt at least 3.
	Dt float64
	// X0 is the constant history x(t) = X0 for t ≤ 0.
	X0 float64
	// Transient is the number of time units integrated and discarded before
	// the first sample, so the samples lie on the attractor.
	Transient int
}

// DefaultMackeyGlass returns τ = 17, β = 0.2, γ = 0.1, n = 10 (see
// MackeyGlass), integrated with step 0.1 from the constant history 1.2 (a
// common start, e.g. in the reservoir-computing literature) with 500 time
// units discarded.
func DefaultMackeyGlass() MackeyGlass {
	return MackeyGlass{Tau: 17, Beta: 0.2, Gamma: 0.1, N: 10, Dt: 0.1, X0: 1.2, Transient: 500}
}

// whole returns the nearest integer to v and whether v is that integer up to
// rounding.
func whole(v float64) (int, bool) {
	r := math.Round(v)
	return int(r), math.Abs(v-r) < 1e-9*math.Max(1, math.Abs(v))
}

// Validate reports whether the constants can be integrated.
func (mg MackeyGlass) Validate() error {
	for _, v := range []float64{mg.Tau, mg.Beta, mg.Gamma, mg.N, mg.Dt, mg.X0} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errors.New("task: Mackey–Glass constants must be finite")
		}
	}
	if mg.Dt <= 0 || mg.Tau <= 0 || mg.N <= 0 || mg.X0 < 0 || mg.Beta < 0 || mg.Gamma < 0 {
		return errors.New("task: Mackey–Glass needs Dt, Tau, N > 0 and X0, Beta, Gamma ≥ 0")
	}
	if d, ok := whole(mg.Tau / mg.Dt); !ok || d < 3 {
		return fmt.Errorf("task: Mackey–Glass Tau/Dt = %g must be a whole number ≥ 3", mg.Tau/mg.Dt)
	}
	if _, ok := whole(1 / mg.Dt); !ok {
		return fmt.Errorf("task: Mackey–Glass 1/Dt = %g must be a whole number", 1/mg.Dt)
	}
	if mg.Transient < 0 {
		return errors.New("task: Mackey–Glass transient must not be negative")
	}
	return nil
}

// rate returns dx/dt for the current value x and the delayed value xd.
func (mg MackeyGlass) rate(x, xd float64) float64 {
	return mg.Beta*xd/(1+math.Pow(xd, mg.N)) - mg.Gamma*x
}

// Generate stores in dst, which it returns (reusing its storage when large
// enough), the n samples x(Transient), x(Transient+1), …, one per time unit.
// It panics if Validate fails.
//
// The equation is integrated by the classical fourth-order Runge–Kutta method
// with step Dt. The delayed value at the grid points is exact; at the half
// steps it is the four-point (cubic) Lagrange interpolant
// (−x_{−1} + 9·x_0 + 9·x_1 − x_2)/16 of the stored history, so the delay adds no
// error of lower order than the method's. Where the stencil would straddle
// t = 0, at which the constant history meets the solution and x′ jumps, the
// interpolant uses one side only. The history is a ring buffer of Tau/Dt + 2
// values.
func (mg MackeyGlass) Generate(dst []float64, n int) []float64 {
	if err := mg.Validate(); err != nil {
		panic(err)
	}
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	if n == 0 {
		return dst
	}
	D, _ := whole(mg.Tau / mg.Dt)
	S, _ := whole(1 / mg.Dt)
	R := D + 2
	ring := make([]float64, R)
	for j := range ring {
		ring[j] = mg.X0 // history x(t) = X0 for t ≤ 0
	}
	// at returns x at grid step i, for i ≥ −D−1.
	at := func(i int) float64 { return ring[(i+D+1)%R] }
	h := mg.Dt
	x := mg.X0
	first := mg.Transient * S
	for i, s := 0, 0; ; i++ {
		if i >= first && (i-first)%S == 0 {
			dst[s] = x
			s++
			if s == n {
				return dst
			}
		}
		d0 := at(i - D)
		d1 := at(i - D + 1)
		var dh float64 // the delayed value at the half step
		switch j := i - D; {
		case j < 0:
			// The half step lies in the given history, which is constant.
			dh = mg.X0
		case j == 0:
			// x′ jumps at t = 0, where the history ends: interpolate from
			// the solution's side only (cubic through steps 0 … 3).
			dh = (5*at(0) + 15*at(1) - 5*at(2) + at(3)) / 16
		default:
			dh = (-at(j-1) + 9*d0 + 9*d1 - at(j+2)) / 16
		}
		k1 := mg.rate(x, d0)
		k2 := mg.rate(x+h/2*k1, dh)
		k3 := mg.rate(x+h/2*k2, dh)
		k4 := mg.rate(x+h*k3, d1)
		x += h / 6 * (k1 + 2*k2 + 2*k3 + k4)
		ring[(i+1+D+1)%R] = x // overwrites x at step i−D−1, no longer needed
	}
}

// ScaleToUnit maps src linearly onto [−1, 1] by its minimum lo and maximum hi,
// stores the result in dst (reused when large enough) and returns it with lo
// and hi. A constant src maps to zeros.
func ScaleToUnit(dst, src []float64) (scaled []float64, lo, hi float64) {
	if cap(dst) < len(src) {
		dst = make([]float64, len(src))
	}
	dst = dst[:len(src)]
	if len(src) == 0 {
		return dst, 0, 0
	}
	lo, hi = src[0], src[0]
	for _, v := range src {
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	for i, v := range src {
		if hi > lo {
			dst[i] = 2*(v-lo)/(hi-lo) - 1
		} else {
			dst[i] = 0
		}
	}
	return dst, lo, hi
}

// NRMSE returns the root-mean-square error of pred against truth divided by
// the standard deviation of truth (the population one), so predicting the
// mean scores 1. It returns NaN for empty or constant truth.
func NRMSE(pred, truth []float64) float64 {
	if len(pred) != len(truth) {
		panic("task: NRMSE lengths differ")
	}
	n := float64(len(truth))
	var mean float64
	for _, t := range truth {
		mean += t
	}
	mean /= n
	var se, sv float64
	for i, t := range truth {
		e := pred[i] - t
		se += e * e
		sv += (t - mean) * (t - mean)
	}
	if sv == 0 {
		return math.NaN()
	}
	return math.Sqrt(se / sv)
}

// SeriesConfig sets up one-step-ahead prediction of the Mackey–Glass series.
type SeriesConfig struct {
	// MG generates the raw series.
	MG MackeyGlass
	// Train and Test are the numbers of samples in the training part (the
	// first) and the test part (the rest).
	Train, Test int
	// Washout is the number of leading training predictions left out of the
	// loss while the state forgets its zero start.
	Washout int
	// Every is the sampling interval, in time units: the series keeps x(t)
	// at t = Transient, Transient+Every, …; 0 counts as 1.
	//
	// Sampled once per time unit, the series changes so little between
	// samples that a one-step predictor learns little more than x̂_{t+1} ≈
	// x_t plus a small correction: its one-step error is tiny, but fed its
	// own predictions it drifts to a flat line within a few dozen steps. A
	// coarser interval makes every step a real prediction of the dynamics
	// (the persistence forecast's NRMSE grows from about 0.15 to 0.43 at
	// Every = 3), so what the network learns from one-step targets also holds
	// when it runs freely.
	Every int
}

// MaxEvery bounds SeriesConfig.Every.
const MaxEvery = 50

// DefaultSeriesConfig returns the default series: one sample every 3 time
// units (about 17 samples per oscillation of the τ = 17 series), 500
// training and 500 test samples, and a washout of 20 steps.
func DefaultSeriesConfig() SeriesConfig {
	return SeriesConfig{MG: DefaultMackeyGlass(), Train: 500, Test: 500, Washout: 20, Every: 3}
}

// every returns the sampling interval, at least 1.
func (c SeriesConfig) every() int { return max(c.Every, 1) }

// Validate reports whether the configuration is usable.
func (c SeriesConfig) Validate() error {
	if err := c.MG.Validate(); err != nil {
		return err
	}
	if c.Train < 2 || c.Test < 1 {
		return errors.New("task: series needs at least 2 training and 1 test samples")
	}
	if c.Washout < 0 || c.Washout >= c.Train-1 {
		return fmt.Errorf("task: series washout %d outside [0, %d)", c.Washout, c.Train-1)
	}
	if c.Every < 0 || c.Every > MaxEvery {
		return fmt.Errorf("task: series sampling interval %d outside [0, %d]", c.Every, MaxEvery)
	}
	return nil
}

// Series is one-step-ahead prediction of the Mackey–Glass series, sampled
// every SeriesConfig.Every time units and scaled to [−1, 1], by a 1–Hidden–1 Elman network: the network reads x_t and predicts
// x_{t+1}. The loss is the mean squared error over the training part (after
// the washout); the test part follows it in time.
type Series struct {
	// Net is the recurrent network.
	Net *nn.RNN
	// Data holds the Train+Test scaled samples, training part first.
	Data []float64
	// Train is the number of training samples; Washout the number of leading
	// training predictions left out of the loss.
	Train, Washout int
	// Lo and Hi are the raw series' minimum and maximum, mapped to −1 and 1.
	Lo, Hi float64

	pred []float64 // scratch for one-step predictions
}

// NewSeries returns the series task for a network with hidden units.
func NewSeries(hidden int, cfg SeriesConfig) (*Series, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if hidden <= 0 {
		return nil, errors.New("task: hidden units must be positive")
	}
	n, every := cfg.Train+cfg.Test, cfg.every()
	raw := cfg.MG.Generate(nil, (n-1)*every+1)
	for i := 1; i < n; i++ {
		raw[i] = raw[i*every]
	}
	raw = raw[:n]
	data, lo, hi := ScaleToUnit(raw, raw)
	return &Series{Net: nn.NewRNN(1, hidden, 1), Data: data, Train: cfg.Train, Washout: cfg.Washout, Lo: lo, Hi: hi}, nil
}

// Dim returns the number of parameters.
func (s *Series) Dim() int { return s.Net.NumParams() }

// Init draws initial parameters into w (see nn.RNN.Init).
func (s *Series) Init(w []float64, rnd *rand.Rand) { s.Net.Init(w, rnd) }

// inputs and targets of the training part.
func (s *Series) trainIO() (x, d []float64) {
	return s.Data[:s.Train-1], s.Data[1:s.Train]
}

// Loss returns the mean squared one-step error over the training part: one
// forward pass through the training sequence.
func (s *Series) Loss(w []float64) float64 {
	x, d := s.trainIO()
	return s.Net.Loss(w, x, d, s.Washout)
}

// LossGrad stores the gradient of Loss in grad, by backpropagation through
// the whole training sequence, and returns the loss.
func (s *Series) LossGrad(grad, w []float64) float64 {
	x, d := s.trainIO()
	return s.Net.LossGrad(grad, w, x, d, s.Washout)
}

// ActivationBytes returns the activations backprop keeps over the training
// sequence.
func (s *Series) ActivationBytes() int { return s.Net.ActivationBytes(s.Train - 1) }

// OneStep stores in dst, which it returns, the network's one-step predictions
// over the whole series with the true values as inputs (teacher forcing):
// dst[t] predicts Data[t+1], for t = 0 … len(Data)−2.
func (s *Series) OneStep(dst, w []float64) []float64 {
	return s.Net.Predict(dst, w, s.Data[:len(s.Data)-1])
}

// TrainNRMSE returns the one-step NRMSE over the scored training predictions.
func (s *Series) TrainNRMSE(w []float64) float64 {
	s.pred = s.OneStep(s.pred, w)
	return NRMSE(s.pred[s.Washout:s.Train-1], s.Data[s.Washout+1:s.Train])
}

// TestNRMSE returns the one-step NRMSE over the test part, the state having
// run through the training part first.
func (s *Series) TestNRMSE(w []float64) float64 {
	s.pred = s.OneStep(s.pred, w)
	return NRMSE(s.pred[s.Train-1:], s.Data[s.Train:])
}

// PersistenceNRMSE returns the test NRMSE of the trivial forecast x̂_{t+1} = x_t,
// a floor any useful predictor should beat.
func (s *Series) PersistenceNRMSE() float64 {
	return NRMSE(s.Data[s.Train-1:len(s.Data)-1], s.Data[s.Train:])
}

// Forecast stores in dst, which it returns, a free-running forecast of
// horizon steps from the end of the training part: the network reads the
// training part, then feeds its own predictions back. dst[k] forecasts
// Data[Train+k]; Truth gives those values.
func (s *Series) Forecast(dst, w []float64, horizon int) []float64 {
	return s.Net.Generate(dst, w, s.Data[:s.Train], horizon)
}

// Truth returns the true values that a forecast of horizon steps predicts,
// Data[Train : Train+horizon], shortened to the test part's length. The slice
// aliases Data and must not be modified.
func (s *Series) Truth(horizon int) []float64 {
	end := min(s.Train+horizon, len(s.Data))
	return s.Data[s.Train:end]
}
