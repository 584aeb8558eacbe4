"""Column means of a CSV file: read everything, then compute."""


def column_means(path):
    with open(path) as f:
        lines = f.readlines()
    rows = []
    for line in lines[1:]:  # skip the header
        rows.append([float(x) for x in line.split(",")])
    means = []
    for j in range(len(rows[0])):
        column = [row[j] for row in rows]
        means.append(sum(column) / len(column))
    return means
