// Package errno is Python's errno module for spython scripts: the E*
// constants and errorcode, so that a script can test the errno of an
// OSError that try_call returned (err.errno == errno.ENOENT). The values
// are the operating system's (golang.org/x/sys/unix); testdata/gen.py
// records CPython 3.11's module, which errno_test.go compares them with.
// Pure: nothing here touches the system, and CPython raises no event.
package errno

import (
	"syscall"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

type code struct {
	name  string
	value syscall.Errno
}

// codes are the names errorcode gives, in CPython's: where two names share
// a value, the one listed here is errorcode's and the other is in aliases.
var codes = []code{
	{"EPERM", unix.EPERM},
	{"ENOENT", unix.ENOENT},
	{"ESRCH", unix.ESRCH},
	{"EINTR", unix.EINTR},
	{"EIO", unix.EIO},
	{"ENXIO", unix.ENXIO},
	{"E2BIG", unix.E2BIG},
	{"ENOEXEC", unix.ENOEXEC},
	{"EBADF", unix.EBADF},
	{"ECHILD", unix.ECHILD},
	{"EAGAIN", unix.EAGAIN},
	{"ENOMEM", unix.ENOMEM},
	{"EACCES", unix.EACCES},
	{"EFAULT", unix.EFAULT},
	{"ENOTBLK", unix.ENOTBLK},
	{"EBUSY", unix.EBUSY},
	{"EEXIST", unix.EEXIST},
	{"EXDEV", unix.EXDEV},
	{"ENODEV", unix.ENODEV},
	{"ENOTDIR", unix.ENOTDIR},
	{"EISDIR", unix.EISDIR},
	{"EINVAL", unix.EINVAL},
	{"ENFILE", unix.ENFILE},
	{"EMFILE", unix.EMFILE},
	{"ENOTTY", unix.ENOTTY},
	{"ETXTBSY", unix.ETXTBSY},
	{"EFBIG", unix.EFBIG},
	{"ENOSPC", unix.ENOSPC},
	{"ESPIPE", unix.ESPIPE},
	{"EROFS", unix.EROFS},
	{"EMLINK", unix.EMLINK},
	{"EPIPE", unix.EPIPE},
	{"EDOM", unix.EDOM},
	{"ERANGE", unix.ERANGE},
	{"EDEADLOCK", unix.EDEADLOCK},
	{"ENAMETOOLONG", unix.ENAMETOOLONG},
	{"ENOLCK", unix.ENOLCK},
	{"ENOSYS", unix.ENOSYS},
	{"ENOTEMPTY", unix.ENOTEMPTY},
	{"ELOOP", unix.ELOOP},
	{"ENOMSG", unix.ENOMSG},
	{"EIDRM", unix.EIDRM},
	{"ECHRNG", unix.ECHRNG},
	{"EL2NSYNC", unix.EL2NSYNC},
	{"EL3HLT", unix.EL3HLT},
	{"EL3RST", unix.EL3RST},
	{"ELNRNG", unix.ELNRNG},
	{"EUNATCH", unix.EUNATCH},
	{"ENOCSI", unix.ENOCSI},
	{"EL2HLT", unix.EL2HLT},
	{"EBADE", unix.EBADE},
	{"EBADR", unix.EBADR},
	{"EXFULL", unix.EXFULL},
	{"ENOANO", unix.ENOANO},
	{"EBADRQC", unix.EBADRQC},
	{"EBADSLT", unix.EBADSLT},
	{"EBFONT", unix.EBFONT},
	{"ENOSTR", unix.ENOSTR},
	{"ENODATA", unix.ENODATA},
	{"ETIME", unix.ETIME},
	{"ENOSR", unix.ENOSR},
	{"ENONET", unix.ENONET},
	{"ENOPKG", unix.ENOPKG},
	{"EREMOTE", unix.EREMOTE},
	{"ENOLINK", unix.ENOLINK},
	{"EADV", unix.EADV},
	{"ESRMNT", unix.ESRMNT},
	{"ECOMM", unix.ECOMM},
	{"EPROTO", unix.EPROTO},
	{"EMULTIHOP", unix.EMULTIHOP},
	{"EDOTDOT", unix.EDOTDOT},
	{"EBADMSG", unix.EBADMSG},
	{"EOVERFLOW", unix.EOVERFLOW},
	{"ENOTUNIQ", unix.ENOTUNIQ},
	{"EBADFD", unix.EBADFD},
	{"EREMCHG", unix.EREMCHG},
	{"ELIBACC", unix.ELIBACC},
	{"ELIBBAD", unix.ELIBBAD},
	{"ELIBSCN", unix.ELIBSCN},
	{"ELIBMAX", unix.ELIBMAX},
	{"ELIBEXEC", unix.ELIBEXEC},
	{"EILSEQ", unix.EILSEQ},
	{"ERESTART", unix.ERESTART},
	{"ESTRPIPE", unix.ESTRPIPE},
	{"EUSERS", unix.EUSERS},
	{"ENOTSOCK", unix.ENOTSOCK},
	{"EDESTADDRREQ", unix.EDESTADDRREQ},
	{"EMSGSIZE", unix.EMSGSIZE},
	{"EPROTOTYPE", unix.EPROTOTYPE},
	{"ENOPROTOOPT", unix.ENOPROTOOPT},
	{"EPROTONOSUPPORT", unix.EPROTONOSUPPORT},
	{"ESOCKTNOSUPPORT", unix.ESOCKTNOSUPPORT},
	{"ENOTSUP", unix.ENOTSUP},
	{"EPFNOSUPPORT", unix.EPFNOSUPPORT},
	{"EAFNOSUPPORT", unix.EAFNOSUPPORT},
	{"EADDRINUSE", unix.EADDRINUSE},
	{"EADDRNOTAVAIL", unix.EADDRNOTAVAIL},
	{"ENETDOWN", unix.ENETDOWN},
	{"ENETUNREACH", unix.ENETUNREACH},
	{"ENETRESET", unix.ENETRESET},
	{"ECONNABORTED", unix.ECONNABORTED},
	{"ECONNRESET", unix.ECONNRESET},
	{"ENOBUFS", unix.ENOBUFS},
	{"EISCONN", unix.EISCONN},
	{"ENOTCONN", unix.ENOTCONN},
	{"ESHUTDOWN", unix.ESHUTDOWN},
	{"ETOOMANYREFS", unix.ETOOMANYREFS},
	{"ETIMEDOUT", unix.ETIMEDOUT},
	{"ECONNREFUSED", unix.ECONNREFUSED},
	{"EHOSTDOWN", unix.EHOSTDOWN},
	{"EHOSTUNREACH", unix.EHOSTUNREACH},
	{"EALREADY", unix.EALREADY},
	{"EINPROGRESS", unix.EINPROGRESS},
	{"ESTALE", unix.ESTALE},
	{"EUCLEAN", unix.EUCLEAN},
	{"ENOTNAM", unix.ENOTNAM},
	{"ENAVAIL", unix.ENAVAIL},
	{"EISNAM", unix.EISNAM},
	{"EREMOTEIO", unix.EREMOTEIO},
	{"EDQUOT", unix.EDQUOT},
	{"ENOMEDIUM", unix.ENOMEDIUM},
	{"EMEDIUMTYPE", unix.EMEDIUMTYPE},
	{"ECANCELED", unix.ECANCELED},
	{"ENOKEY", unix.ENOKEY},
	{"EKEYEXPIRED", unix.EKEYEXPIRED},
	{"EKEYREVOKED", unix.EKEYREVOKED},
	{"EKEYREJECTED", unix.EKEYREJECTED},
	{"EOWNERDEAD", unix.EOWNERDEAD},
	{"ENOTRECOVERABLE", unix.ENOTRECOVERABLE},
	{"ERFKILL", unix.ERFKILL},
}

// aliases are the names that share a value with one in codes.
var aliases = []code{
	{"EWOULDBLOCK", unix.EWOULDBLOCK},
	{"EDEADLK", unix.EDEADLK},
	{"EOPNOTSUPP", unix.EOPNOTSUPP},
}

// Module returns the errno module.
func Module() starlark.Value {
	consts := make(starlark.StringDict, len(codes)+len(aliases)+1)
	errorcode := starlark.NewDict(len(codes))
	for _, c := range codes {
		consts[c.name] = starlark.MakeInt(int(c.value))
		_ = errorcode.SetKey(starlark.MakeInt(int(c.value)), starlark.String(c.name))
	}
	for _, c := range aliases {
		consts[c.name] = starlark.MakeInt(int(c.value))
	}
	consts["errorcode"] = errorcode
	return core.Module("errno", nil, consts)
}
