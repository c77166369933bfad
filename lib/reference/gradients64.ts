/** The float64 references for gradients of the k-sample bound (notebook 05), gathered under one namespace. */
export * from "./gauss-hermite64";
export * from "./iwae-quadrature64";
export * from "./finite-difference64";
export * from "./linear-gaussian-gradients64";
export * from "./ppca64";
