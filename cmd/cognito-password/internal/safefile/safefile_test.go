//go:build unix

package safefile

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewFilesAreCreated0600WhateverTheUmask(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "new")
	f, created, err := OpenOrCreate(path, os.O_RDWR, Writable)
	require.NoError(t, err)
	require.True(t, created)
	require.NoError(t, f.Close())
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), st.Mode().Perm())

	f, created, err = OpenOrCreate(path, os.O_RDWR, Writable)
	require.NoError(t, err)
	assert.False(t, created, "an existing file of ours is opened")
	require.NoError(t, f.Close())
}

func TestADanglingLinkIsNeitherFollowedNorCreatedThrough(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	path := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(target, path))
	for name, open := range map[string]func() error{
		"OpenOrCreate": func() error { _, _, err := OpenOrCreate(path, os.O_RDWR, Writable); return err },
		"Create":       func() error { _, err := Create(path, os.O_WRONLY); return err },
		"OpenExisting": func() error { _, err := OpenExisting(path, os.O_RDONLY, Writable); return err },
	} {
		t.Run(name+" refuses it", func(t *testing.T) {
			require.Error(t, open())
			assert.NoFileExists(t, target)
		})
	}
}

func TestThePrivatePolicyRefusesAFileOthersCanRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pw.csv")
	require.NoError(t, os.WriteFile(path, []byte("x"), 0o600))
	require.NoError(t, os.Chmod(path, 0o640))
	require.NoError(t, Check(path, Writable), "readable by the group is not writable")
	err := Check(path, Private)
	var ue *UnsafeError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "refusing "+path+": it is accessible by other users (mode 0640); chmod 600 it if it is yours", err.Error())
}
