//go:build !unix

package safefile

import (
	"io/fs"
	"os"
)

// openNoFollow opens path; where there is no O_NOFOLLOW, the look before
// opening (Check) is the only guard against a link.
func openNoFollow(path string, flag int, perm uint32) (*os.File, error) {
	return os.OpenFile(path, flag, fs.FileMode(perm))
}

// owner is unknown where there are no Unix file owners.
func owner(fs.FileInfo) (int, bool) { return 0, false }
