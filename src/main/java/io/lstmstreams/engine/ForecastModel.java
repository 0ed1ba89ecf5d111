package io.lstmstreams.engine;

import io.lstmstreams.cell.RecurrentNetwork;

/**
 * A model version the engine forecasts with: its kernel weights and version number.
 *
 * @param version increases by one with every accepted model; 0 is the untrained initial network
 * @param network the plain-Java kernel weights
 */
public record ForecastModel(long version, RecurrentNetwork network) {
}
