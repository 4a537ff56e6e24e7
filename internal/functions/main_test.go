package functions_test

import (
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// TestMain sets up OpenTofu (and the test bed) when TF_ACC is set.
func TestMain(m *testing.M) { acctest.Main(m) }
