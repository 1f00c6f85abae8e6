//go:build js

package mnist

import "fmt"

// EnvDir names the environment variable that overrides the data directory
// natively; in the browser it has no effect.
const EnvDir = "HEBBPLAY_MNIST_DIR"

// Dir reports that the browser has no module cache: a lab there loads the
// packed subset and reads it with Decode.
func Dir() (string, error) {
	return "", fmt.Errorf("%w: the browser has no Go module cache; load the packed subset with DecodeBytes", errNotFound)
}
