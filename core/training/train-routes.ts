import { trainRequest, type ModelCatalogueResponse, type TrainStartedResponse } from '../api/contract.js';
import type { Route } from '../api/router.js';
import { parseBody } from '../tracking/api-routes.js';
import { modelDefinition, modelKinds } from './model-catalogue.js';
import type { TrainService } from './train-service.js';

export function trainRoutes(training: TrainService): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/models/catalogue',
      flavour: 'api',
      handler: (): ModelCatalogueResponse => ({
        models: modelKinds().map((kind) => {
          const definition = modelDefinition(kind);
          return {
            kind,
            label: definition.label,
            params: { binary: definition.params('binary'), multiclass: definition.params('multiclass'), regression: definition.params('regression') },
          };
        }),
      }),
    },
    {
      method: 'POST',
      path: '/api/train',
      flavour: 'api',
      handler: async (context): Promise<TrainStartedResponse> => {
        const body = await parseBody(context, trainRequest);
        return training.start({
          dataset: body.dataset,
          datasetVersion: body.dataset_version,
          target: body.target,
          model: body.model,
          params: body.params,
          features: body.features,
          experiment: body.experiment,
          runName: body.run_name,
          seed: body.seed,
          backend: body.backend,
          search: body.search,
          trials: body.trials,
          validateSuite: body.validate_suite,
          validation: body.validation,
          user: context.user,
        });
      },
    },
  ];
}
