"""Inputs for column_means: the path of a CSV file written into `workdir`.

A header row `c0,c1,...`, then `rows` rows of `cols` comma-separated floats; column j is
normal with its own mean and spread. Values are written with up to 10 significant digits,
so some appear in exponent form (1.5e-05). Every line ends with a newline.
"""
import os

import numpy as np


def generate(seed: int, workdir: str, rows: int, cols: int) -> tuple:
    rs = np.random.RandomState(seed)
    rows, cols = int(rows), int(cols)
    centres = rs.uniform(-100.0, 100.0, size=cols)
    spreads = rs.uniform(0.001, 50.0, size=cols)
    data = rs.standard_normal((rows, cols)) * spreads + centres
    data[rs.random_sample(data.shape) < 0.001] *= 1e-9  # a few tiny values: exponent notation
    header = ",".join(f"c{j}" for j in range(cols)) + "\n"
    row_format = ",".join(["%.10g"] * cols) + "\n"
    path = os.path.join(workdir, "data.csv")
    with open(path, "w") as f:
        f.write(header)
        f.write((row_format * rows) % tuple(data.ravel().tolist()))
    return (path,)
