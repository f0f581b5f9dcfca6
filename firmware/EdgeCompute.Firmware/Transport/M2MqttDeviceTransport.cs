using System;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Core.Provisioning;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace EdgeCompute.Firmware.Transport;

/// <summary>
/// The agent's <see cref="IDeviceTransport"/> over nanoFramework's M2Mqtt client, MQTT 3.1.1 (M2Mqtt's default),
/// as the simulator's MQTTnet transport does it: client id = user name = device id, password =
/// <see cref="DeviceCredential.Derive"/> of the key, will <c>offline</c> (QoS 1, retained) on the state topic, a
/// subscription to the task topic. <see cref="Publish"/> sends at QoS 1 and waits for the PUBACK.
/// </summary>
/// <remarks>
/// Checked against nanoframework/nanoFramework.m2mqtt M2Mqtt/MqttClient.cs: the constructor
/// <c>MqttClient(string, int, bool, X509Certificate, X509Certificate, MqttSslProtocols)</c> (it resolves the host,
/// so it is created only once Wi-Fi is up), <c>Connect(clientId, username, password, willRetain, willQosLevel,
/// willFlag, willTopic, willMessage, cleanSession, keepAlivePeriod)</c> returning <c>MqttReasonCode</c>,
/// <c>Subscribe(string[], MqttQoSLevel[])</c>, <c>Publish(topic, message, contentType, userProperties, qosLevel,
/// retain)</c> returning the message id (it only queues the message; completion is the <c>MqttMsgPublished</c>
/// event), the events <c>MqttMsgPublishReceived</c>, <c>MqttMsgPublished</c> and <c>ConnectionClosed</c>, and
/// <c>IsConnected</c>. Event arguments: Messages/MqttMsgPublishedEventArgs.cs (<c>MessageId</c>,
/// <c>IsPublished</c>) and MqttMsgPublishEventArgs (<c>Topic</c>, <c>Message</c>).
/// TLS (when the board has the gateway's CA, <see cref="Storage.GatewayCaFile"/>): the same constructor with
/// <c>secure: true</c>, <c>caCert</c> and <c>MqttSslProtocols.TLSv1_2</c> — checked against nanoframework/nanoFramework.m2mqtt
/// at 8208787 (v5.1.220): M2Mqtt/MqttClient.cs lines 301-303 pass them to M2Mqtt/Net/MqttNetworkChannel.cs, whose
/// <c>Connect</c> (lines 186-201) makes an <c>SslStream</c>, sets <c>UseStoredDeviceCertificate = clientCert is null</c>
/// and calls <c>AuthenticateAsClient(remoteHostName, clientCert, caCert, SslProtocols.Tls12)</c>, so the broker's
/// certificate is checked against the CA and the host name the board was given (<c>ValidateServerCertificate</c>
/// defaults to true, line 78). <c>new X509Certificate(byte[])</c> takes PEM or DER: nanoframework/System.Net at 713b02c,
/// nanoFramework.System.Net/X509Certificates/X509Certificate.cs lines 56-62. Devices present no client certificate.
/// </remarks>
public sealed class M2MqttDeviceTransport : IDeviceTransport
{
    private const ushort KeepAliveSeconds = 60;
    private const int PublishTimeoutMs = 10000;
    private const int MinBackoffMs = 1000;
    private const int MaxBackoffMs = 60000;

    private readonly string _host;
    private readonly int _port;
    private readonly string _deviceId;
    private readonly string _credential;
    private readonly byte[]? _caPem;
    private readonly DeviceTopics _topics;
    private readonly AutoResetEvent _published = new AutoResetEvent(false);
    private readonly object _ackLock = new object();
    private MqttClient? _client;
    private bool _connected;
    private int _ackedId = -1;
    private bool _ackedOk;
    private int _backoffMs = MinBackoffMs;
    private long _nextAttemptTicks;

    /// <summary>Creates the transport; nothing is sent before <see cref="MaintainConnection"/>.</summary>
    /// <param name="config">The device configuration (host, port, id, key).</param>
    /// <param name="caPem">The gateway's CA certificate (PEM) for TLS; null for plain MQTT.</param>
    public M2MqttDeviceTransport(DeviceConfig config, byte[]? caPem)
    {
        _caPem = caPem;
        _host = config.GatewayHost;
        _port = config.GatewayPort;
        _deviceId = config.DeviceId;
        _credential = DeviceCredential.Derive(config.Key);
        _topics = new DeviceTopics(config.DeviceId);
    }

    /// <summary>Gets or sets who receives task messages (the agent's <c>OnTaskMessage</c>).</summary>
    public TaskMessageHandler? TaskReceived { get; set; }

    /// <inheritdoc/>
    public bool IsConnected
    {
        get
        {
            var client = _client;
            return _connected && client != null && client.IsConnected;
        }
    }

    /// <summary>
    /// Connects when not connected and the backoff (1 s doubling to 60 s) has passed. Blocks for the attempt.
    /// </summary>
    /// <returns>Whether the session is up after the call.</returns>
    public bool MaintainConnection()
    {
        if (IsConnected)
        {
            return true;
        }

        if (DateTime.UtcNow.Ticks < _nextAttemptTicks)
        {
            return false;
        }

        if (TryConnect())
        {
            _backoffMs = MinBackoffMs;
            return true;
        }

        _nextAttemptTicks = DateTime.UtcNow.Ticks + (_backoffMs * TimeSpan.TicksPerMillisecond);
        _backoffMs = _backoffMs >= MaxBackoffMs / 2 ? MaxBackoffMs : _backoffMs * 2;
        return false;
    }

    /// <inheritdoc/>
    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        var client = _client;
        if (!IsConnected || client == null)
        {
            return false;
        }

        // M2Mqtt publishes whole arrays and may hold on to the array until the PUBACK: copy the slice.
        var message = new byte[count];
        Array.Copy(payload, offset, message, 0, count);
        try
        {
            lock (_ackLock)
            {
                _ackedId = -1;
            }

            _published.Reset();
            int id = client.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, retain);
            return WaitForAck(id);
        }
        catch (Exception e)
        {
            // Queue full, socket closed, ...: the agent keeps the frame and tries again later.
            Debug.WriteLine("[mqtt] publish failed: " + e.Message);
            return false;
        }
    }

    private bool WaitForAck(int id)
    {
        var deadline = DateTime.UtcNow.Ticks + (PublishTimeoutMs * TimeSpan.TicksPerMillisecond);
        while (true)
        {
            lock (_ackLock)
            {
                if (_ackedId == id)
                {
                    return _ackedOk;
                }
            }

            var remainingMs = (deadline - DateTime.UtcNow.Ticks) / TimeSpan.TicksPerMillisecond;
            if (remainingMs <= 0 || !IsConnected)
            {
                return false;
            }

            _published.WaitOne((int)remainingMs, false);
        }
    }

    private bool TryConnect()
    {
        CloseClient();
        MqttClient client;
        try
        {
            client = _caPem == null
                ? new MqttClient(_host, _port, false, null, null, MqttSslProtocols.None)
                : new MqttClient(_host, _port, true, new X509Certificate(_caPem), null, MqttSslProtocols.TLSv1_2);
        }
        catch (Exception e)
        {
            Debug.WriteLine("[mqtt] cannot resolve " + _host + ": " + e.Message);
            return false;
        }

        client.MqttMsgPublishReceived += OnMessageReceived;
        client.MqttMsgPublished += OnPublished;
        client.ConnectionClosed += OnConnectionClosed;
        try
        {
            var code = client.Connect(
                _deviceId,
                _deviceId,
                _credential,
                true,
                MqttQoSLevel.AtLeastOnce,
                true,
                _topics.State,
                "offline",
                true,
                KeepAliveSeconds);
            if (code != MqttReasonCode.Success)
            {
                Debug.WriteLine("[mqtt] broker refused the connection: reason " + ((int)code).ToString());
                client.Close();
                return false;
            }

            client.Subscribe(new string[] { _topics.Task }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
        }
        catch (Exception e)
        {
            // With TLS this is also where a refused certificate ends up (an untrusted CA, a host name the certificate
            // does not carry, a clock before its start): the message comes from mbedTLS through SslStream.
            Debug.WriteLine("[mqtt] connect to " + _host + ":" + _port.ToString() + (_caPem == null ? "" : " (TLS)") + " failed: " + e.Message);
            return false;
        }

        _client = client;
        _connected = true;
        Debug.WriteLine("[mqtt] connected to " + _host + ":" + _port.ToString() + (_caPem == null ? "" : " with TLS") + " as " + _deviceId);
        return true;
    }

    private void CloseClient()
    {
        var old = _client;
        _client = null;
        _connected = false;
        if (old == null)
        {
            return;
        }

        try
        {
            old.Close();
        }
        catch (Exception)
        {
            // Already closed by the broker or the network.
        }
    }

    private void OnMessageReceived(object sender, MqttMsgPublishEventArgs e)
    {
        var handler = TaskReceived;
        if (handler != null && e.Topic == _topics.Task && e.Message != null)
        {
            handler(e.Message, 0, e.Message.Length);
        }
    }

    private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
    {
        lock (_ackLock)
        {
            _ackedId = e.MessageId;
            _ackedOk = e.IsPublished;
        }

        _published.Set();
    }

    private void OnConnectionClosed(object sender, EventArgs e)
    {
        _connected = false;
        _published.Set();
        Debug.WriteLine("[mqtt] connection closed");
    }
}
