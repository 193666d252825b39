package io.quarkiverse.llamacloud.chat.deployment;

import jakarta.ws.rs.Priorities;

import org.jboss.logging.Logger;

import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.quarkiverse.llamacloud.chat.runtime.LlamaCloudBuildTimeConfig;
import io.quarkiverse.llamacloud.chat.runtime.rest.LlamaCloudExceptionMapper;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.resteasy.reactive.spi.ExceptionMapperBuildItem;

/**
 * The opt-in integration with Quarkus REST: LlamaCloud failures as HTTP statuses of the application's endpoints
 * ({@code quarkus.llamacloud.exception-mapper.enabled}).
 */
class LlamaCloudRestProcessor {

    private static final Logger LOG = Logger.getLogger(LlamaCloudRestProcessor.class);

    /**
     * Below the default priority of the application's providers ({@link Priorities#USER}): a mapper of the
     * application for {@link LlamaCloudException} itself wins over this one, as one for a subclass always does.
     */
    static final int PRIORITY = Priorities.USER + 1000;

    @BuildStep
    void exceptionMapper(LlamaCloudBuildTimeConfig config, Capabilities capabilities,
            BuildProducer<ExceptionMapperBuildItem> mappers) {
        if (!config.exceptionMapper().enabled()) {
            return;
        }
        if (!capabilities.isPresent(Capability.REST)) {
            LOG.warn("quarkus.llamacloud.exception-mapper.enabled is true, but the application has no Quarkus REST "
                    + "server (io.quarkus:quarkus-rest): there are no endpoints to map LlamaCloud failures for");
            return;
        }
        mappers.produce(new ExceptionMapperBuildItem.Builder(LlamaCloudExceptionMapper.class.getName(),
                LlamaCloudException.class.getName()).setPriority(PRIORITY).setRegisterAsBean(true).build());
    }
}
