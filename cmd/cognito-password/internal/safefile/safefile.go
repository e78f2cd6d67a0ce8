// Package safefile opens the files a bulk run writes (journal, passwords,
// failures and unknown lists) so that another user of the machine cannot
// plant them: a symbolic link is never followed, and an existing file is
// used only if it is a regular file owned by the running user that no
// other user can write to. New files are created with mode 0600 and
// O_EXCL, so that a file planted between a check and the creation is
// never written to.
package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// UnsafeError is returned when a file is refused. Its message names the
// file and the reason.
type UnsafeError struct {
	// Path is the file refused.
	Path string
	// Reason says why, such as "it is a symbolic link".
	Reason string
}

func (e *UnsafeError) Error() string {
	return fmt.Sprintf("refusing %s: %s", e.Path, e.Reason)
}

// Policy says which permissions of an existing file are refused.
type Policy struct {
	// PermMask are the permission bits refused: 0o022 refuses a file that
	// group or others can write to, 0o077 one they can access at all.
	PermMask fs.FileMode
}

// Writable refuses files that group or others can write to.
var Writable = Policy{PermMask: 0o022}

// Private refuses files that group or others can access at all (files
// that hold secrets).
var Private = Policy{PermMask: 0o077}

// Check checks an existing file without opening it: it returns nil if path
// does not exist, an *UnsafeError if it would be refused, and other errors
// as they come.
func Check(path string, p Policy) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return check(path, st, p)
}

// Exists reports whether path exists, without following a symbolic link.
func Exists(path string) (bool, error) {
	_, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// check refuses what st describes unless it is a regular file owned by the
// running user with none of p's permission bits.
func check(path string, st fs.FileInfo, p Policy) error {
	m := st.Mode()
	switch {
	case m&fs.ModeSymlink != 0:
		return &UnsafeError{Path: path, Reason: "it is a symbolic link (links are never followed)"}
	case !m.IsRegular():
		return &UnsafeError{Path: path, Reason: fmt.Sprintf("it is not a regular file (%s)", kind(m))}
	}
	if uid, ok := owner(st); ok && uid != os.Getuid() {
		return &UnsafeError{Path: path, Reason: fmt.Sprintf("it is owned by another user (uid %d, not %d)", uid, os.Getuid())}
	}
	if m.Perm()&p.PermMask != 0 {
		what := "writable"
		if p.PermMask&0o044 != 0 {
			what = "accessible"
		}
		return &UnsafeError{Path: path, Reason: fmt.Sprintf("it is %s by other users (mode %04o); chmod 600 it if it is yours", what, m.Perm())}
	}
	return nil
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return m.Type().String()
}

// OpenExisting opens an existing file with flag (os.O_RDONLY, os.O_RDWR,
// os.O_WRONLY, with os.O_APPEND if wanted; never os.O_CREATE or
// os.O_TRUNC), without following a symbolic link, and checks what was
// opened against p. It returns an error matching fs.ErrNotExist if path
// does not exist.
func OpenExisting(path string, flag int, p Policy) (*os.File, error) {
	if flag&(os.O_CREATE|os.O_TRUNC) != 0 {
		return nil, errors.New("safefile: OpenExisting never creates or truncates")
	}
	// A look before opening, so that a device or a pipe is not even opened.
	if err := Check(path, p); err != nil {
		return nil, err
	}
	f, err := openNoFollow(path, flag, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil {
		err = check(path, st, p)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Create creates a new file with mode 0600 (O_CREATE|O_EXCL, never
// following a symbolic link) and opens it with flag. It returns an error
// matching fs.ErrExist if path exists, whatever it is.
func Create(path string, flag int) (*os.File, error) {
	return openNoFollow(path, flag|os.O_CREATE|os.O_EXCL, 0o600)
}

// OpenOrCreate opens path as OpenExisting does, or creates it as Create
// does if it does not exist. created tells which.
func OpenOrCreate(path string, flag int, p Policy) (f *os.File, created bool, err error) {
	for range 2 { // a file created between the two calls is opened as existing
		f, err = OpenExisting(path, flag, p)
		if !errors.Is(err, fs.ErrNotExist) {
			return f, false, err
		}
		f, err = Create(path, flag)
		if !errors.Is(err, fs.ErrExist) {
			return f, err == nil, err
		}
	}
	return nil, false, err
}
