package journal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
