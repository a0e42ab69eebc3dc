"""The planner checked against the colleges' own registers: where a student-register export states who is due to
finish in the base year (fct_enrollment.graduating, from end-of-study dates), compare it with what the model expects
of the same streams, graduation rate × students of the final course.

Pure: the inputs and the rows of the named query `planner_expected_graduates` in, one small frame out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tvet.planner.inputs import Inputs


@dataclass(frozen=True)
class GraduationCheck:
    colleges: int        # colleges whose registers state expected graduates
    stated: int          # graduates their registers expect in the base year
    model: float         # graduates the model expects of the same streams
    by_college: pd.DataFrame  # college_id, stated, model

    @property
    def gap(self) -> float:
        """Model minus stated, as a share of stated (None-safe: 0 stated gives nan)."""
        return (self.model - self.stated) / self.stated if self.stated else float("nan")


def graduation_check(inputs: Inputs, expected: pd.DataFrame) -> GraduationCheck | None:
    """None when no register states expected graduates for the base year."""
    if expected.empty:
        return None
    streams = inputs.streams.reset_index(drop=True)
    final = np.clip(streams["length"].to_numpy(dtype=int) - 1, 0, inputs.start.shape[1] - 1)
    model = pd.DataFrame({"college_id": streams["college_id"].astype(str),
                          "model": inputs.graduation * inputs.start[np.arange(len(streams)), final]})
    stated = expected.assign(college_id=expected["college_id"].astype(str))
    colleges = set(stated["college_id"])
    model = model[model["college_id"].isin(colleges)]
    by_college = (stated.groupby("college_id")["graduating"].sum().rename("stated").to_frame()
                  .join(model.groupby("college_id")["model"].sum(), how="left").fillna({"model": 0.0})
                  .reset_index())
    return GraduationCheck(len(colleges), int(by_college["stated"].sum()), float(by_college["model"].sum()),
                           by_college)
