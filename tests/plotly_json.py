"""Reading figure JSON in tests: plotly 7 sends numeric arrays as typed arrays."""

import base64

import numpy as np


def plotly_array(value) -> np.ndarray:
    """A plotly JSON array as numpy: a plain list, or a typed array
    ``{"dtype": "f8", "bdata": …, "shape": "r, c"}`` (little endian)."""
    if not isinstance(value, dict):
        return np.asarray(value)
    dtype = np.dtype(value["dtype"]).newbyteorder("<")
    flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=dtype)
    shape = [int(s) for s in value.get("shape", str(flat.size)).split(",")]
    return flat.reshape(shape)
