package journal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/safefile"
)

var hdr = Header{Command: "bulk-reset", UserPoolID: "us-east-1_Pool1"}

func newPath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "run.journal")
}

func TestANewJournalHasAHeaderAndMode0600(t *testing.T) {
	path := newPath(t)
	j, err := Open(path, hdr)
	require.NoError(t, err)
	require.NoError(t, j.Close())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Regexp(t, `^\{"kind":"header","version":1,"command":"bulk-reset","userPoolId":"us-east-1_Pool1","created":"[^"]+"\}\n$`, string(b))
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
}

func TestReplayGivesEachUsersLastState(t *testing.T) {
	path := newPath(t)
	j, err := Open(path, hdr)
	require.NoError(t, err)
	for _, r := range []Record{
		{User: "done", State: Started}, {User: "done", State: Done},
		{User: "failed", State: Started}, {User: "failed", State: Failed, Class: "not_found", Code: "UserNotFoundException"},
		{User: "unknown", State: Started}, {User: "unknown", State: Unknown},
		{User: "in-flight", State: Started},
		{User: "retried", State: Started}, {User: "retried", State: Unknown}, {User: "retried", State: Started}, {User: "retried", State: Done},
	} {
		require.NoError(t, j.Append(r))
	}
	require.NoError(t, j.Close())

	j, err = Open(path, hdr)
	require.NoError(t, err)
	defer j.Close()
	r := j.Replay()
	assert.Equal(t, Done, r.State("done"))
	assert.Equal(t, Failed, r.State("failed"))
	assert.Equal(t, Unknown, r.State("unknown"))
	assert.Equal(t, Unknown, r.State("in-flight"), "started without an answer is unknown")
	assert.Equal(t, Done, r.State("retried"))
	assert.Equal(t, None, r.State("never"))
	assert.Equal(t, []string{"done", "failed", "unknown", "in-flight", "retried"}, r.Users())
	assert.Equal(t, 5, r.Len())
	assert.Equal(t, 2, r.Count(Done))
	assert.Equal(t, 2, r.Count(Unknown))
	last, ok := r.Last("failed")
	require.True(t, ok)
	assert.Equal(t, "UserNotFoundException", last.Code)
}

func TestATornLastLineIsDroppedAndTruncated(t *testing.T) {
	path := newPath(t)
	j, err := Open(path, hdr)
	require.NoError(t, err)
	require.NoError(t, j.Append(Record{User: "alice", State: Started}))
	require.NoError(t, j.Close())
	whole, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"user":"alice","state":"do`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	j, err = Open(path, hdr)
	require.NoError(t, err)
	assert.Equal(t, Unknown, j.Replay().State("alice"), "the torn done record does not count")
	require.NoError(t, j.Append(Record{User: "bob", State: Started}))
	require.NoError(t, j.Close())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), string(whole)))
	assert.Equal(t, 3, strings.Count(string(b), "\n"), "the torn bytes are gone: %s", b)

	j, err = Open(path, hdr)
	require.NoError(t, err)
	defer j.Close()
	assert.Equal(t, Unknown, j.Replay().State("bob"))
}

func TestADamagedJournalIsRefused(t *testing.T) {
	cases := map[string]string{
		"no header":              `{"user":"alice","state":"done"}` + "\n",
		"a record in the middle": `{"kind":"header","version":1,"command":"bulk-reset","userPoolId":"us-east-1_Pool1"}` + "\nnot json\n" + `{"user":"a","state":"done"}` + "\n",
		"an unknown state":       `{"kind":"header","version":1,"command":"bulk-reset","userPoolId":"us-east-1_Pool1"}` + "\n" + `{"user":"a","state":"maybe"}` + "\n",
		"another format version": `{"kind":"header","version":9,"command":"bulk-reset","userPoolId":"us-east-1_Pool1"}` + "\n",
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := newPath(t)
			require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
			_, err := Open(path, hdr)
			require.Error(t, err)
			b, _ := os.ReadFile(path)
			assert.Equal(t, content, string(b), "a refused journal is not changed")
		})
	}
}

func TestAJournalOfAnotherPoolIsAMismatch(t *testing.T) {
	path := newPath(t)
	j, err := Open(path, hdr)
	require.NoError(t, err)
	require.NoError(t, j.Close())
	_, err = Open(path, Header{Command: "bulk-reset", UserPoolID: "us-east-1_Other"})
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, "us-east-1_Pool1", me.Have.UserPoolID)
	_, err = Open(path, Header{Command: "bulk-set", UserPoolID: "us-east-1_Pool1"})
	require.True(t, errors.As(err, &me), "%v", err)
}

func TestASecondRunOnTheSameJournalIsLockedOut(t *testing.T) {
	path := newPath(t)
	j, err := Open(path, hdr)
	require.NoError(t, err)
	_, err = Open(path, hdr)
	assert.ErrorIs(t, err, ErrLocked)
	require.NoError(t, j.Close())
	j, err = Open(path, hdr)
	require.NoError(t, err, "the lock is released on close")
	require.NoError(t, j.Close())
}

func TestConcurrentAppendsAreAllRecorded(t *testing.T) {
	path := newPath(t)
	j, err := Open(path, hdr)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			for i := range 50 {
				u := fmt.Sprintf("w%02d-u%02d", w, i)
				assert.NoError(t, j.Append(Record{User: u, State: Started}))
				assert.NoError(t, j.Append(Record{User: u, State: Done}))
			}
		})
	}
	wg.Wait()
	require.NoError(t, j.Close())
	j, err = Open(path, hdr)
	require.NoError(t, err)
	defer j.Close()
	assert.Len(t, j.Replay().Users(), 800)
	assert.Equal(t, 800, j.Replay().Count(Done))
	assert.Error(t, (&Journal{closed: true}).Append(Record{User: "x", State: Done}))
}

// plantedJournal writes a journal of hdr with alice done, as another user
// could plant it.
func plantedJournal(t *testing.T, path string) string {
	t.Helper()
	content := `{"kind":"header","version":1,"command":"bulk-reset","userPoolId":"us-east-1_Pool1"}` + "\n" +
		`{"user":"alice","state":"done"}` + "\n"
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return content
}

func TestAJournalAnotherUserCouldHavePlantedIsRefusedAndLeftAlone(t *testing.T) {
	cases := []struct {
		name   string
		plant  func(t *testing.T, path string) (target string)
		reason string
	}{
		{"a symbolic link to a journal is not followed", func(t *testing.T, path string) string {
			target := filepath.Join(t.TempDir(), "target.journal")
			plantedJournal(t, target)
			require.NoError(t, os.Symlink(target, path))
			return target
		}, "is a symbolic link"},
		{"a symbolic link to a one-line file is not followed", func(t *testing.T, path string) string {
			target := filepath.Join(t.TempDir(), "notes.txt")
			require.NoError(t, os.WriteFile(target, []byte("precious one-line file"), 0o600))
			require.NoError(t, os.Symlink(target, path))
			return target
		}, "is a symbolic link"},
		{"a journal writable by others (mode 0666) is refused", func(t *testing.T, path string) string {
			plantedJournal(t, path)
			require.NoError(t, os.Chmod(path, 0o666))
			return path
		}, "writable by other users (mode 0666)"},
		{"a journal writable by the group is refused", func(t *testing.T, path string) string {
			plantedJournal(t, path)
			require.NoError(t, os.Chmod(path, 0o620))
			return path
		}, "writable by other users (mode 0620)"},
		{"a journal owned by another user is refused", func(t *testing.T, path string) string {
			plantedJournal(t, path)
			chownOrSkip(t, path)
			return path
		}, "owned by another user (uid 65534"},
		{"a directory is refused", func(t *testing.T, path string) string {
			require.NoError(t, os.Mkdir(path, 0o700))
			return path
		}, "not a regular file (a directory)"},
		{"a named pipe is refused without blocking", func(t *testing.T, path string) string {
			require.NoError(t, syscall.Mkfifo(path, 0o600))
			return path
		}, "not a regular file (a named pipe)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := newPath(t)
			target := tc.plant(t, path)
			before := readRegular(t, target)
			lst, err := os.Lstat(target)
			require.NoError(t, err)

			_, err = Open(path, hdr)
			var ue *safefile.UnsafeError
			require.ErrorAs(t, err, &ue)
			assert.Contains(t, err.Error(), path)
			assert.Contains(t, err.Error(), tc.reason)
			_, err = Read(path, hdr)
			require.ErrorAs(t, err, &ue, "a dry run refuses it too")

			assert.Equal(t, before, readRegular(t, target), "the file is unchanged")
			lst2, err := os.Lstat(target)
			require.NoError(t, err)
			assert.Equal(t, lst.ModTime(), lst2.ModTime())
			assert.Equal(t, lst.Mode(), lst2.Mode())
		})
	}
}

// readRegular returns the content of a regular file, nil for anything
// else (reading a named pipe would block).
func readRegular(t *testing.T, path string) []byte {
	t.Helper()
	st, err := os.Lstat(path)
	require.NoError(t, err)
	if !st.Mode().IsRegular() {
		return nil
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// chownOrSkip gives path to uid 65534 (nobody), or skips the test where
// the running user cannot (tests in CI run as root).
func chownOrSkip(t *testing.T, path string) {
	t.Helper()
	if err := os.Chown(path, 65534, 65534); err != nil {
		t.Skipf("cannot chown to another user here: %v", err)
	}
}

func TestAFileThatIsNotAJournalIsNeverWrittenTo(t *testing.T) {
	cases := map[string]string{
		"a one-line file without a newline": "precious one-line file",
		"a one-line file":                   "precious line\n",
		"a text file":                       "line one\nline two\nline three",
		"a single newline":                  "\n",
		"a huge first line":                 strings.Repeat("x", 2*maxLine),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := newPath(t)
			require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
			_, err := Open(path, hdr)
			require.ErrorIs(t, err, ErrNotJournal)
			assert.Contains(t, err.Error(), path)
			_, err = Read(path, hdr)
			require.ErrorIs(t, err, ErrNotJournal)
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, content, string(b))
		})
	}
}

func TestReadChangesNothing(t *testing.T) {
	path := newPath(t)
	r, err := Read(path, hdr)
	require.NoError(t, err)
	assert.Zero(t, r.Len())
	assert.NoFileExists(t, path, "reading a missing journal creates nothing")

	content := plantedJournal(t, path) + `{"user":"bob","state":"sta`
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	st, err := os.Stat(path)
	require.NoError(t, err)
	r, err = Read(path, hdr)
	require.NoError(t, err)
	assert.Equal(t, Done, r.State("alice"))
	assert.Equal(t, None, r.State("bob"), "the torn record does not count")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, content, string(b), "the torn record is left in the file")
	st2, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, st.ModTime(), st2.ModTime())
}
