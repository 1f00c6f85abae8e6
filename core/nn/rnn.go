package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// RNN is an Elman network (Elman 1990) with a layer of tanh units fed back to
// itself and a linear readout:
//
//	h_t = tanh(Win·x_t + Wrec·h_{t−1} + bh),  y_t = Wout·h_t + bout,
//
// starting from h_{−1} = 0. Its loss over a sequence is the mean squared error
// of the outputs against targets, skipping the first washout time steps
// (while the state forgets its zero start): L = 1/((T−washout)·Out) ·
// Σ_{t ≥ washout} (y_t − d_t)².
//
// The parameter vector w has NumParams() = Hidden·In + Hidden·Hidden + Hidden +
// Out·Hidden + Out entries, laid out as
//
//	w[0 : Hidden·In]            Win,  row-major: Win[j*In+i] is input i → unit j
//	next Hidden·Hidden entries  Wrec, row-major: Wrec[j*Hidden+l] is unit l → unit j
//	next Hidden entries         bh
//	next Out·Hidden entries     Wout, row-major: Wout[k*Hidden+j] is unit j → output k
//	last Out entries            bout
//
// Sequences are flat: x holds T steps of In values, targets and outputs T
// steps of Out values.
type RNN struct {
	// In, Hidden and Out are the numbers of inputs, recurrent units and
	// outputs.
	In, Hidden, Out int

	// Scratch, reused between calls.
	h      []float64 // T×Hidden states kept for backpropagation through time
	y      []float64 // T×Out outputs kept for the backward pass
	cur    []float64 // Hidden: state of the current step in a forward-only pass
	prev   []float64 // Hidden: state of the previous step in a forward-only pass
	out    []float64 // Out: one step's outputs in a forward-only pass
	dh     []float64 // Hidden: ∂L/∂h_t
	dnext  []float64 // Hidden: ∂L/∂h_t carried back from step t+1
	zeroes []float64 // Hidden zeros: the initial state
}

// NewRNN returns an In–Hidden–Out Elman network. It panics if a size is not
// positive.
func NewRNN(in, hidden, out int) *RNN {
	if in <= 0 || hidden <= 0 || out <= 0 {
		panic("nn: RNN sizes must be positive")
	}
	return &RNN{In: in, Hidden: hidden, Out: out}
}

// NumParams returns the length of the parameter vector.
func (r *RNN) NumParams() int {
	return r.Hidden*r.In + r.Hidden*r.Hidden + r.Hidden + r.Out*r.Hidden + r.Out
}

// split returns views of w's five blocks.
func (r *RNN) split(w []float64) (win, wrec, bh, wout, bout []float64) {
	if len(w) != r.NumParams() {
		panic(fmt.Sprintf("nn: RNN parameter length %d, want %d", len(w), r.NumParams()))
	}
	H := r.Hidden
	o := 0
	win = w[o : o+H*r.In]
	o += H * r.In
	wrec = w[o : o+H*H]
	o += H * H
	bh = w[o : o+H]
	o += H
	wout = w[o : o+r.Out*H]
	o += r.Out * H
	bout = w[o : o+r.Out]
	return win, wrec, bh, wout, bout
}

// Init draws every weight and bias from U(−1/√Hidden, 1/√Hidden), the default
// initialisation of PyTorch's nn.RNN (torch/nn/modules/rnn.py,
// reset_parameters); the readout follows nn.Linear, which gives the same bound
// since its fan-in is Hidden.
func (r *RNN) Init(w []float64, rnd *rand.Rand) {
	uniform(w, 1/math.Sqrt(float64(r.Hidden)), rnd)
}

// steps returns the number of time steps in x and checks d against it.
func (r *RNN) steps(x, d []float64) int {
	if len(x)%r.In != 0 {
		panic("nn: RNN input length is not a multiple of In")
	}
	T := len(x) / r.In
	if d != nil && len(d) != T*r.Out {
		panic("nn: RNN target length does not match the inputs")
	}
	return T
}

// step computes one time step: the new state into h from the previous state
// prev and input x, and the outputs into y.
func (r *RNN) step(h, y, prev, x, win, wrec, bh, wout, bout []float64) {
	H := r.Hidden
	for j := 0; j < H; j++ {
		s := bh[j]
		rowIn := win[j*r.In : (j+1)*r.In]
		for i, xi := range x {
			s += rowIn[i] * xi
		}
		rowRec := wrec[j*H : (j+1)*H]
		for l, pl := range prev {
			s += rowRec[l] * pl
		}
		h[j] = tanh(s)
	}
	for k := range y {
		s := bout[k]
		row := wout[k*H : (k+1)*H]
		for j, hj := range h {
			s += row[j] * hj
		}
		y[k] = s
	}
}

// ensureStep sizes the forward-only buffers and zeroes the initial state.
func (r *RNN) ensureStep() {
	r.cur = grow(r.cur, r.Hidden)
	r.prev = grow(r.prev, r.Hidden)
	r.out = grow(r.out, r.Out)
	if len(r.zeroes) != r.Hidden {
		r.zeroes = make([]float64, r.Hidden)
	}
	copy(r.prev, r.zeroes)
}

// Predict runs the network over the input sequence x from the zero state and
// stores the T×Out outputs in dst, which it returns (reusing dst's storage when
// it is large enough). It keeps one step's state at a time.
func (r *RNN) Predict(dst, w, x []float64) []float64 {
	T := r.steps(x, nil)
	win, wrec, bh, wout, bout := r.split(w)
	dst = grow(dst, T*r.Out)
	r.ensureStep()
	for t := 0; t < T; t++ {
		r.step(r.cur, dst[t*r.Out:(t+1)*r.Out], r.prev, x[t*r.In:(t+1)*r.In], win, wrec, bh, wout, bout)
		r.cur, r.prev = r.prev, r.cur
	}
	return dst
}

// checkWashout panics unless 0 ≤ washout < T.
func checkWashout(washout, T int) {
	if washout < 0 || washout >= T {
		panic(fmt.Sprintf("nn: RNN washout %d outside [0, %d)", washout, T))
	}
}

// Loss returns the mean squared error of the outputs on input sequence x
// against targets d, skipping the first washout steps: one forward pass over
// the sequence, keeping one step's state at a time.
func (r *RNN) Loss(w, x, d []float64, washout int) float64 {
	T := r.steps(x, d)
	checkWashout(washout, T)
	win, wrec, bh, wout, bout := r.split(w)
	r.ensureStep()
	var sum float64
	for t := 0; t < T; t++ {
		r.step(r.cur, r.out, r.prev, x[t*r.In:(t+1)*r.In], win, wrec, bh, wout, bout)
		r.cur, r.prev = r.prev, r.cur
		if t < washout {
			continue
		}
		for k, yk := range r.out {
			e := yk - d[t*r.Out+k]
			sum += e * e
		}
	}
	return sum / float64((T-washout)*r.Out)
}

// LossGrad stores in grad the gradient of Loss with respect to w, by
// backpropagation through the whole sequence, and returns the loss. It keeps
// the states and outputs of every step (ActivationBytes reports their size).
func (r *RNN) LossGrad(grad, w, x, d []float64, washout int) float64 {
	T := r.steps(x, d)
	checkWashout(washout, T)
	if len(grad) != len(w) {
		panic("nn: RNN gradient length does not match the parameters")
	}
	H := r.Hidden
	win, wrec, bh, wout, bout := r.split(w)
	gin, grec, gbh, gout, gbout := r.split(grad)
	for i := range grad {
		grad[i] = 0
	}
	r.h = grow(r.h, T*H)
	r.y = grow(r.y, T*r.Out)
	r.dh = grow(r.dh, H)
	r.dnext = grow(r.dnext, H)
	if len(r.zeroes) != H {
		r.zeroes = make([]float64, H)
	}

	// Forward pass, keeping every state.
	for t := 0; t < T; t++ {
		prev := r.zeroes
		if t > 0 {
			prev = r.h[(t-1)*H : t*H]
		}
		r.step(r.h[t*H:(t+1)*H], r.y[t*r.Out:(t+1)*r.Out], prev, x[t*r.In:(t+1)*r.In], win, wrec, bh, wout, bout)
	}

	// Backward pass through time.
	scale := 2 / float64((T-washout)*r.Out)
	var sum float64
	copy(r.dnext, r.zeroes)
	for t := T - 1; t >= 0; t-- {
		h := r.h[t*H : (t+1)*H]
		copy(r.dh, r.dnext)
		if t >= washout {
			for k := 0; k < r.Out; k++ {
				e := r.y[t*r.Out+k] - d[t*r.Out+k]
				sum += e * e
				dy := scale * e
				gbout[k] += dy
				row := wout[k*H : (k+1)*H]
				gRow := gout[k*H : (k+1)*H]
				for j, hj := range h {
					gRow[j] += dy * hj
					r.dh[j] += dy * row[j]
				}
			}
		}
		// r.dh becomes ∂L/∂a_t, the error at the units' net inputs.
		for j, hj := range h {
			r.dh[j] *= 1 - hj*hj
		}
		xt := x[t*r.In : (t+1)*r.In]
		prev := r.zeroes
		if t > 0 {
			prev = r.h[(t-1)*H : t*H]
		}
		for l := range r.dnext {
			r.dnext[l] = 0
		}
		for j, da := range r.dh {
			gbh[j] += da
			rowIn := gin[j*r.In : (j+1)*r.In]
			for i, xi := range xt {
				rowIn[i] += da * xi
			}
			rowG := grec[j*H : (j+1)*H]
			rowW := wrec[j*H : (j+1)*H]
			for l, pl := range prev {
				rowG[l] += da * pl
				r.dnext[l] += da * rowW[l]
			}
		}
	}
	return sum / float64((T-washout)*r.Out)
}

// ActivationBytes returns the bytes of activations that LossGrad keeps for
// backpropagation through a sequence of T steps: T·(Hidden + Out) float64
// values.
func (r *RNN) ActivationBytes(T int) int {
	return 8 * T * (r.Hidden + r.Out)
}

// Generate runs the network in closed loop. It first drives the state with the
// T steps of warm (teacher forcing from the zero state), then feeds each output
// back as the next input for horizon steps, storing those horizon×Out
// free-running outputs in dst, which it returns. The first stored output is the
// network's prediction following the last warm-up input. Generate needs
// In == Out.
func (r *RNN) Generate(dst, w, warm []float64, horizon int) []float64 {
	if r.In != r.Out {
		panic("nn: RNN.Generate needs In == Out")
	}
	T := r.steps(warm, nil)
	if T == 0 {
		panic("nn: RNN.Generate needs at least one warm-up step")
	}
	win, wrec, bh, wout, bout := r.split(w)
	dst = grow(dst, horizon*r.Out)
	r.ensureStep()
	for t := 0; t < T; t++ {
		r.step(r.cur, r.out, r.prev, warm[t*r.In:(t+1)*r.In], win, wrec, bh, wout, bout)
		r.cur, r.prev = r.prev, r.cur
	}
	for s := 0; s < horizon; s++ {
		y := dst[s*r.Out : (s+1)*r.Out]
		copy(y, r.out)
		r.step(r.cur, r.out, r.prev, y, win, wrec, bh, wout, bout)
		r.cur, r.prev = r.prev, r.cur
	}
	return dst
}
