// The contact shadow under a worn watch or bracelet (src/try_on/contact_shadow.rs): black, blended over the camera
// frame by the baked shade, and faded where the band turns away from the camera, so that a wrist slimmer than the
// section the models are made around never gets a grey rim beside it.

#import bevy_pbr::forward_io::VertexOutput
#import bevy_pbr::mesh_view_bindings::view

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var shade_texture: texture_2d<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(1) var shade_sampler: sampler;
// The shadow's colour; its alpha is the piece's opacity.
@group(#{MATERIAL_BIND_GROUP}) @binding(2) var<uniform> colour: vec4<f32>;

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
#ifdef VERTEX_UVS_A
    let shade = textureSample(shade_texture, shade_sampler, in.uv).r;
#else
    let shade = 0.0;
#endif
    let to_eye = normalize(view.world_position.xyz - in.world_position.xyz);
    let facing = dot(normalize(in.world_normal), to_eye);
    return vec4<f32>(colour.rgb, colour.a * shade * smoothstep(0.15, 0.5, facing));
}
