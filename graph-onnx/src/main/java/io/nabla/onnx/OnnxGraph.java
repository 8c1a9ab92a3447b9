package io.nabla.onnx;

import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph imported as a bare Nabla graph ({@link OnnxImporter#importGraph}): placeholders
 * of the declared shapes (a symbolic dimension unknown), the outputs by ONNX name, the float
 * initializers as variables (parameters; batch norm's statistics apart as states) and a session
 * holding their values. For graphs a {@code Model} cannot hold: inputs of any rank, several
 * outputs, inputs with different first axes.
 */
public record OnnxGraph(Graph graph, Session session, Map<String, Node> inputs,
    Map<String, Node> outputs, List<Node> parameters, List<Node> states) {}
