package sparse

import (
	"math"
	"math/rand/v2"

	"hebbplay/core/optim"
	"hebbplay/core/sparse/mnist"
)

// Hebbian is the network of the biologically constrained rule: a hidden
// layer learning by competitive Hebbian learning with homeostatic biases and
// silent synapses, and an output layer trained by weight perturbation (see
// the package documentation for the equations).
//
// Its scratch buffers are reused between calls, so a Hebbian value must not
// be used by several goroutines at once. Learn, Scores and InputGrad
// allocate nothing once warmed up.
type Hebbian struct {
	cfg Config

	w        []float64 // Hidden×Pixels hidden weights, w[j*Pixels+i] ≥ 0
	norm     []float64 // |w_j|, kept up to date for the cosine similarity
	bias     []float64 // homeostatic biases b_j
	activity []float64 // running activities a_j
	out      []float64 // output parameters: V (Classes×Hidden) then c
	opt      optim.Optimizer
	batch    readout
	elig     eligible
	seen     int  // images presented since Init
	frozen   bool // the hidden layer neither learns nor is re-initialised

	// Scratch of the forward pass: the image's inked pixels and norm, the
	// drives u_j, the winners and their activities.
	nz    []int
	xnorm float64
	u     []float64
	win   []int
	h     []float64
	dense []float64 // Hidden, zero except at the winners (homeostasis)
	o     []float64 // Classes outputs
}

// NewHebbian returns the network for cfg, initialised with seed 0.
func NewHebbian(cfg Config) (*Hebbian, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	opt, err := cfg.readoutOptimizer()
	if err != nil {
		return nil, err
	}
	H, k := cfg.Hidden, cfg.Winners
	m := &Hebbian{
		cfg:      cfg,
		w:        make([]float64, H*mnist.Pixels),
		norm:     make([]float64, H),
		bias:     make([]float64, H),
		activity: make([]float64, H),
		opt:      opt,
		batch:    readout{hidden: H, k: k},
		nz:       make([]int, 0, mnist.Pixels),
		u:        make([]float64, H),
		win:      make([]int, k),
		h:        make([]float64, k),
		dense:    make([]float64, H),
		o:        make([]float64, Classes),
	}
	m.out = make([]float64, m.batch.dim())
	m.Init(0)
	return m, nil
}

// FrozenCopy returns a new model with a copy of m's hidden layer (weights,
// biases, running activities), frozen, and a fresh output layer: training it
// trains the output layer alone on the codes of m's hidden layer, as in a
// few-shot test of a representation learnt without labels.
func (m *Hebbian) FrozenCopy() *Hebbian {
	c, err := NewHebbian(m.cfg)
	if err != nil {
		panic(err) // m.cfg was validated when m was made
	}
	copy(c.w, m.w)
	copy(c.norm, m.norm)
	copy(c.bias, m.bias)
	copy(c.activity, m.activity)
	c.frozen = true
	return c
}

// Name returns "hebbian".
func (m *Hebbian) Name() string { return "hebbian" }

// Config returns the model's configuration.
func (m *Hebbian) Config() Config { return m.cfg }

// Init draws the hidden weights from U(0, InitMax) with the seed's weight
// stream, sets every bias to InitBias, starts every running activity at the
// target ρ (so homeostasis starts at rest), zeroes the output layer and
// resets the output optimizer, which draws its perturbations from the seed's
// noise stream.
//
// A frozen copy (FrozenCopy) keeps its hidden layer: Init resets only the
// output layer.
func (m *Hebbian) Init(seed uint64) {
	if !m.frozen {
		rnd := rand.New(rand.NewPCG(seed, streamWeights))
		for i := range m.w {
			m.w[i] = m.cfg.InitMax * rnd.Float64()
		}
		for j := range m.norm {
			m.updateNorm(j)
		}
		for j := range m.bias {
			m.bias[j] = m.cfg.InitBias
		}
		for j := range m.activity {
			m.activity[j] = m.cfg.Target
		}
	}
	clear(m.out)
	m.opt.Reset(len(m.out), rand.New(rand.NewPCG(seed, streamNoise)))
	m.batch.reset()
	m.seen = 0
}

// updateNorm recomputes |w_j|.
func (m *Hebbian) updateNorm(j int) {
	var s float64
	for _, v := range m.w[j*mnist.Pixels : (j+1)*mnist.Pixels] {
		s += v * v
	}
	m.norm[j] = math.Sqrt(s)
}

// forward computes the winners of x and their activities into m.win and m.h,
// in decreasing order of u_j + b_j, and leaves the drives in m.u.
func (m *Hebbian) forward(x []float64) {
	m.nz = m.nz[:0]
	var xx float64
	for i, v := range x {
		if v != 0 {
			m.nz = append(m.nz, i)
			xx += v * v
		}
	}
	m.xnorm = math.Sqrt(xx)
	for j := range m.u {
		u := 0.0
		if d := m.norm[j] * m.xnorm; d > 0 {
			row := m.w[j*mnist.Pixels : (j+1)*mnist.Pixels]
			var s float64
			for _, i := range m.nz {
				s += row[i] * x[i]
			}
			u = s / d
		}
		m.u[j] = u
	}
	// k-winners-take-all by insertion into a sorted list of k (k is small).
	k := len(m.win)
	n := 0
	for j, u := range m.u {
		v := u + m.bias[j]
		if n == k && v <= m.u[m.win[k-1]]+m.bias[m.win[k-1]] {
			continue
		}
		p := min(n, k-1)
		for p > 0 && v > m.u[m.win[p-1]]+m.bias[m.win[p-1]] {
			m.win[p] = m.win[p-1]
			p--
		}
		m.win[p] = j
		n = min(n+1, k)
	}
	for r, j := range m.win {
		m.h[r] = sigmoid(m.cfg.Gain * (m.u[j] + m.bias[j]))
	}
}

// Learn presents one training image: the hidden layer learns from it (while
// it is still in its Hebbian phase), and its code joins the output layer's
// batch, on which the output optimizer steps when the batch is full.
func (m *Hebbian) Learn(x []float64, label int) {
	m.forward(x)
	if !m.frozen && (m.cfg.HebbianImages == 0 || m.seen < m.cfg.HebbianImages) {
		m.hebbian(x)
		m.homeostasis()
	}
	m.batch.add(m.win, m.h, label)
	if m.batch.len() >= m.cfg.ReadoutBatch {
		m.trainReadout()
		m.batch.reset()
	}
	m.seen++
}

// trainReadout makes the output optimizer's steps on the full batch. With
// EligibleOnly and a perturbation optimizer, only the output synapses of the
// hidden units active in the batch are perturbed and updated: the batch's
// loss does not depend on the others, so perturbing them would only add a
// random walk.
func (m *Hebbian) trainReadout() {
	if !m.cfg.EligibleOnly || !m.cfg.perturbative() {
		for s := 0; s < m.cfg.ReadoutSteps; s++ {
			m.opt.Step(m.out, &m.batch)
		}
		return
	}
	m.elig.gather(&m.batch, m.out)
	for s := 0; s < m.cfg.ReadoutSteps; s++ {
		m.opt.Step(m.elig.w, &m.elig.sub)
	}
	m.elig.scatter(&m.batch, m.out)
}

// hebbian applies Δw_ij = η·h_j·(x_i − w_ij) to the learning winners'
// weights (the first Learners of the winners, which are sorted), silences
// those that fall below θ, and updates the winners' norms.
func (m *Hebbian) hebbian(x []float64) {
	theta := m.cfg.Theta
	learners := m.win
	if l := m.cfg.Learners; l > 0 && l < len(learners) {
		learners = learners[:l]
	}
	for r, j := range learners {
		HebbianUpdate(m.w[j*mnist.Pixels:(j+1)*mnist.Pixels], x, m.cfg.Eta*m.h[r], theta)
		m.updateNorm(j)
	}
}

// HebbianUpdate applies the competitive Hebbian rule to one unit's weights
// w, w_i ← w_i + r·(x_i − w_i) with r = η·h_j, and then sets every weight
// below theta to zero (a silent synapse). For x_i ≥ 0 and 0 ≤ r ≤ 1 the new
// weight is a convex combination of w_i and x_i, so non-negative weights stay
// non-negative without clipping.
func HebbianUpdate(w, x []float64, r, theta float64) {
	x = x[:len(w)]
	for i, xi := range x {
		v := w[i] + r*(xi-w[i])
		if v < theta {
			v = 0
		}
		w[i] = v
	}
}

// homeostasis updates every unit's running activity a_j and bias b_j.
func (m *Hebbian) homeostasis() {
	for r, j := range m.win {
		m.dense[j] = m.h[r]
	}
	Homeostasis(m.bias, m.activity, m.dense, m.cfg.Target, m.cfg.BiasRate, m.cfg.Tau)
	for _, j := range m.win {
		m.dense[j] = 0
	}
}

// Homeostasis makes one step of homeostatic plasticity for every unit j with
// activity h[j]: a_j ← a_j + (h_j − a_j)/tau, then b_j ← b_j + rate·(target −
// a_j). bias and activity are updated in place.
func Homeostasis(bias, activity, h []float64, target, rate, tau float64) {
	h = h[:len(bias)]
	activity = activity[:len(bias)]
	inv := 1 / tau
	for j, hj := range h {
		a := activity[j] + (hj-activity[j])*inv
		activity[j] = a
		bias[j] += rate * (target - a)
	}
}

// Scores stores the 10 output activities for x in dst and returns dst.
func (m *Hebbian) Scores(dst, x []float64) []float64 {
	m.forward(x)
	dst = grow(dst, Classes)
	m.batch.outputs(dst, m.out, m.win, m.h)
	return dst
}

// Hidden stores the hidden activities for x in dst (zero except at the k
// winners) and returns dst.
func (m *Hebbian) Hidden(dst, x []float64) []float64 {
	m.forward(x)
	dst = grow(dst, m.cfg.Hidden)
	clear(dst)
	for r, j := range m.win {
		dst[j] = m.h[r]
	}
	return dst
}

// InputGrad stores in dst the gradient of the output layer's squared error
// for (x, label) with respect to x and returns dst. The winners are held
// fixed, which is the exact gradient wherever it exists (everywhere except
// on the boundaries where the set of winners changes):
//
//	∂L/∂x_i = Σ_j∈winners ∂L/∂u_j · (w_ij/(|w_j|·|x|) − u_j·x_i/|x|²).
func (m *Hebbian) InputGrad(dst, x []float64, label int) []float64 {
	m.forward(x)
	dst = grow(dst, len(x))
	clear(dst)
	if m.xnorm == 0 {
		return dst
	}
	m.batch.outputs(m.o, m.out, m.win, m.h)
	v := m.out[:Classes*m.cfg.Hidden]
	inv2 := 1 / (m.xnorm * m.xnorm)
	for r, j := range m.win {
		// ∂L/∂h_j through the outputs, L = 1/10·Σ (o_k − t_k)².
		var dh float64
		for k, ok := range m.o {
			dh += 2.0 / Classes * (ok - target(k, label)) * ok * (1 - ok) * v[k*m.cfg.Hidden+j]
		}
		hj := m.h[r]
		du := dh * m.cfg.Gain * hj * (1 - hj)
		if m.norm[j] == 0 {
			continue
		}
		a := du / (m.norm[j] * m.xnorm)
		b := du * m.u[j] * inv2
		row := m.w[j*mnist.Pixels : (j+1)*mnist.Pixels]
		for i, xi := range x {
			dst[i] += a*row[i] - b*xi
		}
	}
	return dst
}

// Layers returns the hidden weights (input→hidden, Hidden×784) and the
// output weights V (hidden→output, 10×Hidden).
func (m *Hebbian) Layers() []Layer {
	H := m.cfg.Hidden
	return []Layer{
		{Name: "input→hidden", Post: H, Pre: mnist.Pixels, W: m.w},
		{Name: "hidden→output", Post: Classes, Pre: H, W: m.out[:Classes*H]},
	}
}

// ReceptiveFields returns the hidden weights, Hidden rows of 784 values in
// [0, 1], row j being unit j's 28×28 receptive field in row-major order. It
// is a view of the live weights: read it, do not change it.
func (m *Hebbian) ReceptiveFields() []float64 { return m.w }

// Biases returns the homeostatic biases b_j (a live view).
func (m *Hebbian) Biases() []float64 { return m.bias }

// Activities returns the running activities a_j (a live view).
func (m *Hebbian) Activities() []float64 { return m.activity }

// Silent returns the number of silent (zero) hidden synapses.
func (m *Hebbian) Silent() int {
	n := 0
	for _, v := range m.w {
		if v == 0 {
			n++
		}
	}
	return n
}

// Seen returns the number of images presented since Init.
func (m *Hebbian) Seen() int { return m.seen }
