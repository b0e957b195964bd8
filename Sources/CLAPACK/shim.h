// OpenBLAS's CBLAS interface and the reference LAPACKE interface (Debian packages
// libopenblas-dev and liblapacke-dev). Debian's OpenBLAS ships no LAPACKE of its own.
#include <cblas.h>
#include <lapacke.h>

// Declared here as well so the module does not depend on which cblas.h the
// alternatives system selects; OpenBLAS exports it.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
