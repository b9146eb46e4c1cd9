//go:build !linux

package sqlite

import (
	"fmt"
	"os"
)

// fileStamp is a file's size and modification time.
func fileStamp(fi os.FileInfo) string {
	return fmt.Sprintf("%d %d", fi.Size(), fi.ModTime().UnixNano())
}
