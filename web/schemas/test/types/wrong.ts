// Requests the generated types must refuse: each @ts-expect-error fails the type check (TS2578)
// the day the types stop refusing the line below it.
import type { RunRequest, RunRequestEnvelope, RunnerApi } from "@model-runner/schemas";

const configuration = {
  region: "US",
  parameters: {
    calibrationDate: "2020-04-18",
    calibrationCaseCount: 1400,
    calibrationDeathCount: 200,
    r0: null,
    interventionPeriods: [],
  },
};

export const missingRegion: RunRequest = {
  id: "no-region",
  models: [],
  // @ts-expect-error region is required
  configuration: { parameters: configuration.parameters },
  callbackURL: null,
};

export const unknownIntensity: RunRequest = {
  id: 1,
  models: [],
  configuration: {
    ...configuration,
    parameters: {
      ...configuration.parameters,
      interventionPeriods: [
        // @ts-expect-error "extreme" is not an intensity
        { startDate: "2020-03-16", reductionPopulationContact: 20, socialDistancing: "extreme" },
      ],
    },
  },
  callbackURL: null,
};

export const booleanId: RunRequest = {
  // @ts-expect-error an id is a string or a number
  id: true,
  models: [],
  configuration,
  callbackURL: null,
};

export const unknownProperty: RunRequest = {
  id: 2,
  models: [{ slug: "seir", imageURL: "model-runner/seir-connector:latest" }],
  configuration,
  callbackURL: null,
  // @ts-expect-error a run request has no such property
  priority: "high",
};

// @ts-expect-error callbackURL is required (null for no callbacks)
export const noCallback: RunRequestEnvelope = { id: 3, models: [], configuration: {} };

type PostedRun = RunnerApi.paths["/api/runs"]["post"]["requestBody"]["content"]["application/json"];

// @ts-expect-error the runs API takes models as a list
export const modelsNotAList: PostedRun = { id: 4, models: "seir", configuration, callbackURL: null };
