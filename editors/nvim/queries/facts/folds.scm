; Multi-line declarations fold to their first line.
[(source) (entity) (relation) (extension) (statement) (dispute)] @fold
