package io.quarkiverse.llamacloud.chat.emulator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/** Connection faults Vert.x's public API does not offer. */
final class Connections {

    private Connections() {
    }

    /**
     * Resets the connection: a TCP RST instead of the orderly FIN of {@link HttpConnection#close()}, as a crashed
     * proxy or a dropped route gives. Falls back to a close if the connection is not a Netty one.
     */
    static void reset(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        } else {
            connection.close();
        }
    }
}
