package launcher

import (
	"errors"

	"github.com/spython-dev/spython/internal/interp"
)

func asExit(err error, target **interp.ExitError) bool { return errors.As(err, target) }
