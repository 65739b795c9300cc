// C binding to Debian's OpenBLAS (libopenblas-dev): CBLAS plus the Fortran LAPACK
// routines milex calls. This module provides no stable Swift API; MilexNumerics wraps it.
#ifndef MILEX_COPENBLAS_SHIM_H
#define MILEX_COPENBLAS_SHIM_H

#include <stddef.h>
#include <cblas.h>

// Debian's OpenBLAS ships the Fortran LAPACK symbols but no LAPACKE header, so the one
// prototype milex needs is declared here. Fortran passes everything by reference and appends
// a hidden length argument for each character argument.
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info,
             size_t uplo_length);

#endif
